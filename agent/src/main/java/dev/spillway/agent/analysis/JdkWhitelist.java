package dev.spillway.agent.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * JDK methods known not to keep the byte array or buffer they are given. Each family is explained,
 * with the assumption it makes about subclasses, in docs/ESCAPE-ANALYSIS.md; keep the two in step.
 *
 * <p>An argument is only ever let through at a position whose declared type is {@code byte[]} or
 * {@code ByteBuffer} (or, for the few families below that say so, the receiver or {@code Object}):
 * {@code Arrays.fill(Object[], Object)} stores its second argument, so "{@code Arrays} is safe" would be wrong.
 */
final class JdkWhitelist {

    private static final String BYTES = "[B";
    private static final String BUFFER = "Ljava/nio/ByteBuffer;";

    /** A method of a JDK type (or any JDK subtype of it, for instance methods) whose byte arguments are safe. */
    private record Entry(String type, String name, String desc) {
        boolean matches(MethodInsnNode call) {
            return call.name.equals(name) && (desc == null || call.desc.equals(desc));
        }
    }

    private static final List<Entry> INSTANCE_ENTRIES = List.of(
            // streams: copy into or out of the caller's array before returning
            new Entry("java/io/InputStream", "read", "([B)I"),
            new Entry("java/io/InputStream", "read", "([BII)I"),
            new Entry("java/io/InputStream", "readNBytes", "([BII)I"),
            new Entry("java/io/OutputStream", "write", "([B)V"),
            new Entry("java/io/OutputStream", "write", "([BII)V"),
            new Entry("java/io/ByteArrayOutputStream", "writeBytes", "([B)V"),
            new Entry("java/io/DataInput", "readFully", "([B)V"),
            new Entry("java/io/DataInput", "readFully", "([BII)V"),
            new Entry("java/io/DataOutput", "write", "([B)V"),
            new Entry("java/io/DataOutput", "write", "([BII)V"),
            new Entry("java/io/RandomAccessFile", "read", "([B)I"),
            new Entry("java/io/RandomAccessFile", "read", "([BII)I"),
            // channels: synchronous transfers; the asynchronous channels are not subtypes of these
            new Entry("java/nio/channels/ReadableByteChannel", "read", "(Ljava/nio/ByteBuffer;)I"),
            new Entry("java/nio/channels/WritableByteChannel", "write", "(Ljava/nio/ByteBuffer;)I"),
            new Entry("java/nio/channels/FileChannel", "read", "(Ljava/nio/ByteBuffer;J)I"),
            new Entry("java/nio/channels/FileChannel", "write", "(Ljava/nio/ByteBuffer;J)I"),
            new Entry("java/nio/channels/DatagramChannel", "receive", "(Ljava/nio/ByteBuffer;)Ljava/net/SocketAddress;"),
            new Entry("java/nio/channels/DatagramChannel", "send", "(Ljava/nio/ByteBuffer;Ljava/net/SocketAddress;)I"),
            // checksums, digests, MACs, ciphers: consume the input (ciphers copy what they must hold back)
            new Entry("java/util/zip/Checksum", "update", "([B)V"),
            new Entry("java/util/zip/Checksum", "update", "([BII)V"),
            new Entry("java/util/zip/Checksum", "update", "(Ljava/nio/ByteBuffer;)V"),
            new Entry("java/security/MessageDigest", "update", "([B)V"),
            new Entry("java/security/MessageDigest", "update", "([BII)V"),
            new Entry("java/security/MessageDigest", "update", "(Ljava/nio/ByteBuffer;)V"),
            new Entry("java/security/MessageDigest", "digest", "([B)[B"),
            new Entry("java/security/MessageDigest", "digest", "([BII)I"),
            new Entry("javax/crypto/Mac", "update", "([B)V"),
            new Entry("javax/crypto/Mac", "update", "([BII)V"),
            new Entry("javax/crypto/Mac", "update", "(Ljava/nio/ByteBuffer;)V"),
            new Entry("javax/crypto/Mac", "doFinal", "([B)[B"),
            new Entry("javax/crypto/Mac", "doFinal", "([BI)V"),
            new Entry("javax/crypto/Cipher", "update", null),
            new Entry("javax/crypto/Cipher", "doFinal", null),
            new Entry("javax/crypto/Cipher", "updateAAD", null),
            // zip: inflate/deflate write into the output they are given; setInput (which keeps) is absent on purpose
            new Entry("java/util/zip/Inflater", "inflate", null),
            new Entry("java/util/zip/Deflater", "deflate", null),
            // random numbers: fill the caller's array
            new Entry("java/util/Random", "nextBytes", "([B)V"),
            new Entry("java/util/random/RandomGenerator", "nextBytes", "([B)V"),
            // charsets: consume the input and fill the output (leftover input is copied, not referenced)
            new Entry("java/nio/charset/CharsetDecoder", "decode", "(Ljava/nio/ByteBuffer;Ljava/nio/CharBuffer;Z)Ljava/nio/charset/CoderResult;"),
            new Entry("java/nio/charset/CharsetDecoder", "decode", "(Ljava/nio/ByteBuffer;)Ljava/nio/CharBuffer;"),
            new Entry("java/nio/charset/CharsetEncoder", "encode", "(Ljava/nio/CharBuffer;Ljava/nio/ByteBuffer;Z)Ljava/nio/charset/CoderResult;"),
            new Entry("java/nio/charset/CharsetEncoder", "flush", "(Ljava/nio/ByteBuffer;)Ljava/nio/charset/CoderResult;"),
            new Entry("java/nio/charset/Charset", "decode", "(Ljava/nio/ByteBuffer;)Ljava/nio/CharBuffer;"),
            // strings and encodings: copy (the zero-copy String(byte[], byte) is package-private)
            new Entry("java/lang/String", "getBytes", "(II[BI)V"),
            new Entry("java/util/Base64$Encoder", "encode", "([B)[B"),
            new Entry("java/util/Base64$Encoder", "encode", "([B[B)I"),
            new Entry("java/util/Base64$Encoder", "encodeToString", "([B)Ljava/lang/String;"),
            new Entry("java/util/Base64$Decoder", "decode", "([B)[B"),
            new Entry("java/util/Base64$Decoder", "decode", "([B[B)I"));

    private static final Set<String> STRING_CONSTRUCTORS = Set.of(
            "([B)V", "([BII)V", "([BLjava/nio/charset/Charset;)V", "([BIILjava/nio/charset/Charset;)V",
            "([BLjava/lang/String;)V", "([BIILjava/lang/String;)V", "([BI)V", "([BIII)V");

    /** Classes all of whose constructors copy their byte[] arguments; a constructor runs exactly that class's code. */
    private static final Set<String> COPYING_CONSTRUCTORS = Set.of(
            "java/math/BigInteger", "javax/crypto/spec/SecretKeySpec", "javax/crypto/spec/IvParameterSpec",
            "javax/crypto/spec/GCMParameterSpec");

    private static final Set<String> ARRAYS_METHODS = Set.of(
            "copyOf", "copyOfRange", "equals", "mismatch", "compare", "compareUnsigned", "fill", "hashCode",
            "sort", "parallelSort", "binarySearch", "toString");

    private static final Set<String> BUFFER_TYPES = Set.of("java/nio/ByteBuffer", "java/nio/Buffer", "java/nio/MappedByteBuffer");

    private static final Set<String> IDENTITY_METHODS = Set.of(
            "hashCode()I", "getClass()Ljava/lang/Class;", "toString()Ljava/lang/String;", "equals(Ljava/lang/Object;)Z");

    private final ClassCatalog catalog;

    JdkWhitelist(ClassCatalog catalog) {
        this.catalog = catalog;
    }

    /** Whether {@code internalName} belongs to the JDK, the only code this whitelist speaks for. */
    static boolean isJdk(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/")
                || internalName.startsWith("jdk/") || internalName.startsWith("sun/")
                || internalName.startsWith("[");
    }

    /** Whether {@code call} is {@code ByteBuffer.array()} or {@code arrayOffset()}: safe, but the rewrite breaks it. */
    static boolean isArrayAccess(MethodInsnNode call) {
        return call.getOpcode() != Opcodes.INVOKESTATIC && BUFFER_TYPES.contains(call.owner)
                && (call.name.equals("array") || call.name.equals("arrayOffset")) && call.desc.startsWith("()");
    }

    /** Whether {@code call} is {@code ByteBuffer.hasArray()}. */
    static boolean isHasArray(MethodInsnNode call) {
        return call.getOpcode() != Opcodes.INVOKESTATIC && BUFFER_TYPES.contains(call.owner)
                && call.name.equals("hasArray") && call.desc.equals("()Z");
    }

    /**
     * The effect of {@code call} when it is a whitelisted JDK method, else null. Positions the
     * whitelist does not vouch for escape with {@code escapes-call}.
     */
    CallEffect effect(MethodInsnNode call, Verdict.Keep escapeOtherwise) {
        if (!isJdk(call.owner)) {
            return null;
        }
        boolean isStatic = call.getOpcode() == Opcodes.INVOKESTATIC;
        Type[] parameters = Type.getArgumentTypes(call.desc);
        int receiver = isStatic ? 0 : 1;
        int arguments = parameters.length + receiver;
        Verdict.Keep[] escapes = new Verdict.Keep[arguments];
        boolean[] returned = new boolean[arguments];
        Arrays.fill(escapes, escapeOtherwise);

        if (isStatic) {
            switch (call.owner) {
                case "java/lang/System" -> {
                    if (!call.name.equals("arraycopy")) {
                        return null;
                    }
                    escapes[0] = null;
                    escapes[2] = null;
                }
                case "java/util/Arrays" -> {
                    if (!ARRAYS_METHODS.contains(call.name)) {
                        return null;
                    }
                    clearPositionsOf(parameters, 0, escapes, BYTES);
                }
                case "java/security/MessageDigest" -> {
                    if (!call.name.equals("isEqual")) {
                        return null;
                    }
                    clearPositionsOf(parameters, 0, escapes, BYTES);
                }
                case "java/lang/String" -> {
                    // valueOf(Object) calls toString(), which for a byte[] or a ByteBuffer is JDK code that keeps nothing.
                    if (!(call.name.equals("valueOf") && call.desc.equals("(Ljava/lang/Object;)Ljava/lang/String;"))) {
                        return null;
                    }
                    escapes[0] = null;
                }
                case "java/util/Objects" -> {
                    if (!call.name.equals("requireNonNull") || parameters.length == 0) {
                        return null;
                    }
                    escapes[0] = null;
                    returned[0] = true;
                }
                default -> {
                    return null;
                }
            }
            return new CallEffect(escapes, returned, new boolean[arguments]);
        }

        if (call.owner.startsWith("[")) {
            // An array's only methods are Object's and clone(): none keeps the receiver.
            escapes[0] = null;
            return new CallEffect(escapes, returned, new boolean[arguments]);
        }
        if (BUFFER_TYPES.contains(call.owner)) {
            return bufferEffect(call, escapes, returned, escapeOtherwise);
        }
        if (call.owner.equals("java/lang/Object") && IDENTITY_METHODS.contains(call.name + call.desc)) {
            // The receiver, when it is one of ours, is a byte[] or a JDK ByteBuffer: no user override runs.
            escapes[0] = null;
            return new CallEffect(escapes, returned, new boolean[arguments]);
        }
        if (call.owner.equals("java/lang/String") && call.name.equals("<init>")) {
            if (!STRING_CONSTRUCTORS.contains(call.desc)) {
                return null;
            }
            clearPositionsOf(parameters, receiver, escapes, BYTES);
            return new CallEffect(escapes, returned, new boolean[arguments]);
        }
        if ((call.owner.equals("java/lang/StringBuilder") || call.owner.equals("java/lang/StringBuffer"))
                && call.name.equals("append") && call.desc.startsWith("(Ljava/lang/Object;)")) {
            // Older javac concatenation: append(Object) is String.valueOf(Object), see above.
            escapes[1] = null;
            return new CallEffect(escapes, returned, new boolean[arguments]);
        }
        if (call.name.equals("<init>")) {
            if (!COPYING_CONSTRUCTORS.contains(call.owner) || call.getOpcode() != Opcodes.INVOKESPECIAL) {
                return null;
            }
            clearPositionsOf(parameters, receiver, escapes, BYTES);
            return new CallEffect(escapes, returned, new boolean[arguments]);
        }
        if (call.owner.equals("java/lang/invoke/VarHandle") && call.desc.startsWith("([BI")) {
            // Signature-polymorphic: coordinates (byte[], int) only belong to an array-element or byte-array-view
            // handle, which reads or writes one element. A byte[] anywhere else may be a value a field handle stores.
            escapes[1] = null;
            return new CallEffect(escapes, returned, new boolean[arguments]);
        }
        for (Entry entry : INSTANCE_ENTRIES) {
            if (entry.matches(call) && catalog.isSubtype(call.owner, entry.type)) {
                clearPositionsOf(parameters, receiver, escapes, BYTES, BUFFER);
                return new CallEffect(escapes, returned, new boolean[arguments]);
            }
        }
        return null;
    }

    private static CallEffect bufferEffect(MethodInsnNode call, Verdict.Keep[] escapes, boolean[] returned,
                                           Verdict.Keep escapeOtherwise) {
        // ByteBuffer's constructors are package-private: every ByteBuffer is a JDK class, and no instance
        // method keeps a reference argument. Methods that return a Buffer return this or a view of the same
        // memory (duplicate, slice, asReadOnlyBuffer): the result is tracked as the receiver.
        Arrays.fill(escapes, null);
        Type returnType = Type.getReturnType(call.desc);
        if (returnType.getSort() == Type.OBJECT) {
            String returned0 = returnType.getInternalName();
            if (BUFFER_TYPES.contains(returned0)) {
                returned[0] = true;
            } else if (returned0.startsWith("java/nio/") && returned0.endsWith("Buffer")) {
                // asIntBuffer() and friends: a view of another type, whose methods are not tracked
                escapes[0] = escapeOtherwise;
            }
        }
        return new CallEffect(escapes, returned, new boolean[escapes.length]);
    }

    private static void clearPositionsOf(Type[] parameters, int firstPosition, Verdict.Keep[] escapes, String... types) {
        Set<String> safe = Set.of(types);
        for (int i = 0; i < parameters.length; i++) {
            if (safe.contains(parameters[i].getDescriptor())) {
                escapes[firstPosition + i] = null;
            }
        }
    }
}
