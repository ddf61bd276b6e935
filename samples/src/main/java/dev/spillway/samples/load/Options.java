package dev.spillway.samples.load;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the sample programs: {@code --name value}, {@code --name=value} and bare
 * {@code --flag}s, with sizes such as {@code 256k}, {@code 8m} or {@code 1g}. An unknown option or a
 * malformed value is an {@link IllegalArgumentException} whose message is fit for a user.
 */
public final class Options {

    /** The options every workload accepts; see {@link #loadSpec(LoadSpec)}. */
    public static final Set<String> LOAD = Set.of("operations", "concurrency", "seed", "min-size", "max-size");

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code args}; {@code flags} take no value, {@code valued} take one. */
    public static Options parse(String[] args, Set<String> valued, Set<String> flags) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException("option --" + name + " takes no value");
                }
                value = "true";
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option --" + name + " needs a value");
                    }
                    value = args[++i];
                }
            } else {
                Set<String> known = new LinkedHashSet<>(valued);
                known.addAll(flags);
                throw new IllegalArgumentException("unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
            }
            values.put(name, value);
        }
        return new Options(values);
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public long longValue(String name, long fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, got '" + value + "'");
        }
    }

    public int intValue(String name, int fallback) {
        return Math.toIntExact(longValue(name, fallback));
    }

    /** A byte size: a number with an optional k, m or g suffix (powers of 1024). */
    public int size(String name, int fallback) {
        String value = values.get(name);
        return value == null ? fallback : parseSize("--" + name, value);
    }

    public <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + " must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()
                    + ", got '" + value + "'");
        }
    }

    /** The {@link #LOAD} options, each defaulting to the value in {@code defaults}. */
    public LoadSpec loadSpec(LoadSpec defaults) {
        return new LoadSpec(
                longValue("operations", defaults.operations()),
                intValue("concurrency", defaults.concurrency()),
                longValue("seed", defaults.seed()),
                size("min-size", defaults.minSize()),
                size("max-size", defaults.maxSize()));
    }

    public static int parseSize(String what, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
            unit = switch (v.charAt(v.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            v = v.substring(0, v.length() - 1);
        }
        try {
            long size = Math.multiplyExact(Long.parseLong(v), unit);
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(what + " is out of range: " + value);
            }
            return (int) size;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(what + " must be a size such as 65536, 256k or 8m, got '" + value + "'");
        }
    }

    /**
     * Runs a sample's main body, turning bad input into one {@code error:} line and exit status 2
     * as the project's command-line contract asks.
     */
    public static void runMain(String[] args, MainBody body) {
        try {
            body.run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("error: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** A main method's body. */
    @FunctionalInterface
    public interface MainBody {
        void run(String[] args) throws Exception;
    }
}
