package dev.spillway.agent.analysis.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

public class Whitelisted {

    long streamReadAndChecksum(InputStream in, int n) throws IOException {
        byte[] buffer = new byte[n];
        CRC32 crc = new CRC32();
        int read;
        while ((read = in.read(buffer)) > 0) {
            crc.update(buffer, 0, read);
        }
        return crc.getValue();
    }

    void streamCopy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer, 0, buffer.length)) != -1) {
            out.write(buffer, 0, read);
        }
    }

    byte[] arraycopyAndCopyOf(byte[] source) {
        byte[] scratch = new byte[source.length];
        System.arraycopy(source, 0, scratch, 0, source.length);
        return Arrays.copyOf(scratch, scratch.length);
    }

    boolean arraysCompareAndFill(byte[] other) {
        byte[] mine = new byte[other.length];
        Arrays.fill(mine, (byte) 1);
        Arrays.sort(mine);
        return Arrays.equals(mine, other) && Arrays.mismatch(mine, other) < 0 && Arrays.hashCode(mine) != 0;
    }

    String stringConstructor(InputStream in, int n) throws IOException {
        byte[] bytes = new byte[n];
        int read = in.readNBytes(bytes, 0, n);
        return new String(bytes, 0, read, StandardCharsets.UTF_8);
    }

    byte[] messageDigest(byte[] data) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[64];
        System.arraycopy(data, 0, chunk, 0, Math.min(64, data.length));
        digest.update(chunk);
        return digest.digest();
    }

    int inflate(Inflater inflater, int n) throws DataFormatException {
        byte[] out = new byte[n];
        return inflater.inflate(out);
    }

    int deflate(Deflater deflater, int n) {
        byte[] out = new byte[n];
        return deflater.deflate(out, 0, n);
    }

    void deflaterSetInput(Deflater deflater, int n) {
        deflater.setInput(new byte[n]);
    }

    int channelRead(ReadableByteChannel channel, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(n);
        int read = channel.read(buffer);
        buffer.flip();
        return read + buffer.getInt();
    }

    void arrayPutIntoAnotherBuffer(ByteBuffer target, int n) {
        byte[] bytes = new byte[n];
        target.put(bytes);
    }

    void bufferPutIntoAnotherBuffer(ByteBuffer target, int n) {
        ByteBuffer source = ByteBuffer.allocate(n);
        target.put(source);
    }

    long bufferMethodChain(int n) {
        ByteBuffer buffer = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(1L).putInt(2).flip();
        buffer.mark();
        buffer.reset();
        buffer.position(0).limit(12);
        return buffer.getLong() + buffer.slice().getInt();
    }

    String stringConcatenation(int n) {
        byte[] bytes = new byte[n];
        return "bytes " + bytes.length + " " + bytes;
    }

    String base64(int n) {
        return Base64.getEncoder().encodeToString(new byte[n]);
    }

    int requireNonNull(int n) {
        byte[] bytes = Objects.requireNonNull(new byte[n]);
        return bytes.length;
    }

    int identityHashAndClone(int n) {
        byte[] bytes = new byte[n];
        byte[] copy = bytes.clone();
        return bytes.hashCode() + copy.length;
    }

    byte[] randomBytes(java.util.Random random, int n) throws Exception {
        byte[] seed = new byte[n];
        random.nextBytes(seed);
        return java.security.MessageDigest.getInstance("SHA-256").digest(seed);
    }

    java.math.BigInteger bigInteger(int n) {
        byte[] magnitude = new byte[n];
        magnitude[0] = 1;
        return new java.math.BigInteger(1, magnitude);
    }

    javax.crypto.spec.SecretKeySpec secretKeySpec(int n) {
        return new javax.crypto.spec.SecretKeySpec(new byte[n], "AES");
    }

    String charsetDecode(java.nio.charset.Charset charset, int n) {
        ByteBuffer encoded = ByteBuffer.allocate(n);
        return charset.decode(encoded).toString();
    }

    static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    long varHandleView(int n) {
        byte[] bytes = new byte[n];
        LONGS.set(bytes, 0, 42L);
        return (long) LONGS.get(bytes, 0);
    }
}
