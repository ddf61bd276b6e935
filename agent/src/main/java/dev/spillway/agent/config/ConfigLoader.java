package dev.spillway.agent.config;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Resolves the agent's options from its {@link ConfigSources}.
 *
 * <p>For each key the first source that sets it wins: agent arguments, then {@code spillway.KEY}, then
 * {@code SPILLWAY_KEY}, then the properties file named by {@code config} (which itself comes from one of the
 * first three). Unknown keys are errors in agent arguments and in the file; unknown {@code spillway.*}
 * properties and {@code SPILLWAY_*} variables are left alone, since other Spillway components use them.
 */
public final class ConfigLoader {
    private static final int MAX_THROTTLE = 1_000_000;

    private ConfigLoader() {}

    /** Resolves every option; never throws. */
    public static ConfigResult load(ConfigSources sources) {
        // HashMaps and a loop over values(), not EnumMap or Enum.valueOf: those find an enum's constants by calling
        // values() reflectively, which in premain, before main, sets up core reflection's method handles.
        Map<OptionKey, Value> values = new HashMap<>();
        boolean strict = false;
        try {
            Map<OptionKey, String> arguments = parseArguments(sources.agentArguments());
            put(values, arguments, "agent arguments");
            for (OptionKey key : OptionKey.values()) {
                putIfAbsent(values, key, sources.systemProperties().get(key.systemProperty()),
                        "system property " + key.systemProperty());
                putIfAbsent(values, key, sources.environment().get(key.environmentVariable()),
                        "environment variable " + key.environmentVariable());
            }
            strict = lenientBoolean(values.get(OptionKey.STRICT));
            Value config = values.get(OptionKey.CONFIG);
            if (config != null && !config.text().isBlank()) {
                put(values, readFile(sources, config), "config file " + config.text().strip());
                strict = lenientBoolean(values.get(OptionKey.STRICT));
            }
            return new ConfigResult.Loaded(resolve(values));
        } catch (InvalidOptionException e) {
            return new ConfigResult.Rejected(e.getMessage(), strict || strictAsRaw(sources));
        }
    }

    /**
     * Whether {@code strict=true} was asked for, read from the sources as given, for when the agent arguments could not
     * be parsed: one malformed entry (an unknown key, a missing value) must not also switch {@code strict} off.
     */
    private static boolean strictAsRaw(ConfigSources sources) {
        String arguments = sources.agentArguments();
        if (arguments != null) {
            for (String entry : arguments.split(",", -1)) {
                int equals = entry.indexOf('=');
                if (equals > 0 && entry.substring(0, equals).strip().equals(OptionKey.STRICT.key())) {
                    return entry.substring(equals + 1).strip().equalsIgnoreCase("true");
                }
            }
        }
        for (String raw : new String[] {sources.systemProperties().get(OptionKey.STRICT.systemProperty()),
                sources.environment().get(OptionKey.STRICT.environmentVariable())}) {
            if (raw != null) {
                return raw.strip().equalsIgnoreCase("true");
            }
        }
        return false;
    }

    private static Map<OptionKey, String> parseArguments(String arguments) throws InvalidOptionException {
        Map<OptionKey, String> parsed = new HashMap<>();
        if (arguments == null || arguments.isBlank()) {
            return parsed;
        }
        for (String entry : arguments.split(",", -1)) {
            String pair = entry.strip();
            if (pair.isEmpty()) {
                throw new InvalidOptionException("agent arguments '" + arguments
                        + "' contain an empty entry; write key=value,key=value");
            }
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw new InvalidOptionException("agent argument '" + pair + "' has no value; write " + pair
                        + "=VALUE (keys: " + keyList() + ")");
            }
            String key = pair.substring(0, equals).strip();
            OptionKey option = known(key, "agent argument '" + pair + "'");
            if (parsed.putIfAbsent(option, pair.substring(equals + 1)) != null) {
                throw new InvalidOptionException("agent argument " + key + " is given twice");
            }
        }
        return parsed;
    }

    private static Map<OptionKey, String> readFile(ConfigSources sources, Value config) throws InvalidOptionException {
        Properties properties;
        try {
            properties = sources.files().read(Path.of(config.text().strip()));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidOptionException(describe(OptionKey.CONFIG, config)
                    + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); "
                    + "allowed: " + OptionKey.CONFIG.allowed());
        }
        Map<OptionKey, String> parsed = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            OptionKey option = known(name.strip(), "key '" + name + "' in config file " + config.text().strip());
            if (option == OptionKey.CONFIG) {
                throw new InvalidOptionException("config file " + config.text().strip()
                        + " sets config; a config file cannot name another");
            }
            parsed.put(option, properties.getProperty(name));
        }
        return parsed;
    }

    private static OptionKey known(String key, String where) throws InvalidOptionException {
        Optional<OptionKey> option = OptionKey.of(key);
        if (option.isEmpty()) {
            throw new InvalidOptionException(where + " is not an option; keys: " + keyList());
        }
        return option.get();
    }

    private static String keyList() {
        StringBuilder keys = new StringBuilder();
        for (OptionKey key : OptionKey.values()) {
            keys.append(keys.isEmpty() ? "" : ", ").append(key.key());
        }
        return keys.toString();
    }

    private static void put(Map<OptionKey, Value> values, Map<OptionKey, String> source, String origin) {
        for (Map.Entry<OptionKey, String> entry : source.entrySet()) {
            putIfAbsent(values, entry.getKey(), entry.getValue(), origin);
        }
    }

    private static void putIfAbsent(Map<OptionKey, Value> values, OptionKey key, String text, String origin) {
        if (text != null) {
            values.putIfAbsent(key, new Value(text, origin));
        }
    }

    private static boolean lenientBoolean(Value value) {
        return value != null && value.text().strip().equalsIgnoreCase("true");
    }

    private static AgentConfig resolve(Map<OptionKey, Value> values) throws InvalidOptionException {
        AgentConfig defaults = AgentConfig.defaults();
        return new AgentConfig(
                patterns(values, OptionKey.DESIGNATE),
                patterns(values, OptionKey.EXCLUDE),
                enumOption(values, OptionKey.MODE, Mode.values(), defaults.mode()),
                size(values),
                path(values, defaults.out()),
                metrics(values),
                bool(values, OptionKey.VERIFY, defaults.verify()),
                enumOption(values, OptionKey.LOG, LogLevel.values(), defaults.log()),
                bool(values, OptionKey.STRICT, defaults.strict()),
                throttle(values, defaults.throttle()),
                bytes(values, OptionKey.OFFHEAPLIMIT, defaults.offHeapLimit(), 1, Long.MAX_VALUE, null),
                bytes(values, OptionKey.RECYCLERBUDGET, defaults.recyclerBudget(), 1, Long.MAX_VALUE, null));
    }

    private static ClassPatterns patterns(Map<OptionKey, Value> values, OptionKey key) throws InvalidOptionException {
        Value value = values.get(key);
        if (value == null) {
            return ClassPatterns.none();
        }
        try {
            return ClassPatterns.parse(value.text());
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, e.getMessage());
        }
    }

    private static <E extends Enum<E>> E enumOption(Map<OptionKey, Value> values, OptionKey key, E[] constants,
            E fallback) throws InvalidOptionException {
        Value value = values.get(key);
        if (value == null) {
            return fallback;
        }
        String name = value.text().strip().toUpperCase(Locale.ROOT);
        for (E constant : constants) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw invalid(key, value, null);
    }

    private static boolean bool(Map<OptionKey, Value> values, OptionKey key, boolean fallback)
            throws InvalidOptionException {
        Value value = values.get(key);
        if (value == null) {
            return fallback;
        }
        return switch (value.text().strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, value, null);
        };
    }

    private static int size(Map<OptionKey, Value> values) throws InvalidOptionException {
        return (int) bytes(values, OptionKey.THRESHOLD, AgentConfig.defaults().threshold(), 0, Integer.MAX_VALUE,
                "larger than the largest array, 2147483647 bytes");
    }

    /** A size with an optional {@code k}, {@code m} or {@code g} suffix, from {@code min} to {@code max} bytes. */
    private static long bytes(Map<OptionKey, Value> values, OptionKey key, long fallback, long min, long max,
            String tooLarge) throws InvalidOptionException {
        Value value = values.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value.text().strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!text.isEmpty()) {
            switch (text.charAt(text.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
        }
        String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 10) {
            throw invalid(key, value, null);
        }
        long bytes = Long.parseLong(digits) * unit;
        if (bytes > max) {
            throw invalid(key, value, tooLarge);
        }
        if (bytes < min) {
            throw invalid(key, value, null);
        }
        return bytes;
    }

    private static int throttle(Map<OptionKey, Value> values, int fallback) throws InvalidOptionException {
        Value value = values.get(OptionKey.THROTTLE);
        if (value == null) {
            return fallback;
        }
        String text = value.text().strip();
        if (text.isEmpty() || text.length() > 7 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(text) > MAX_THROTTLE) {
            throw invalid(OptionKey.THROTTLE, value, null);
        }
        return Integer.parseInt(text);
    }

    private static Path path(Map<OptionKey, Value> values, Path fallback) throws InvalidOptionException {
        Value value = values.get(OptionKey.OUT);
        if (value == null) {
            return fallback;
        }
        if (value.text().isBlank()) {
            throw invalid(OptionKey.OUT, value, "empty");
        }
        try {
            return Path.of(value.text().strip());
        } catch (InvalidPathException e) {
            throw invalid(OptionKey.OUT, value, e.getMessage());
        }
    }

    private static Optional<MetricsAddress> metrics(Map<OptionKey, Value> values) throws InvalidOptionException {
        Value value = values.get(OptionKey.METRICS);
        if (value == null || value.text().isBlank()) {
            return Optional.empty();
        }
        String text = value.text().strip();
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw invalid(OptionKey.METRICS, value, "an IPv6 host needs the form [::1]:9464");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') != colon) {
                throw invalid(OptionKey.METRICS, value, "write an IPv6 host in brackets, e.g. [::1]:9464");
            }
            host = colon < 0 ? MetricsAddress.LOOPBACK : text.substring(0, colon);
            port = colon < 0 ? text : text.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(OptionKey.METRICS, value, "the host is empty or contains white space");
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(port) > 65_535) {
            throw invalid(OptionKey.METRICS, value, "the port must be a number from 0 to 65535");
        }
        return Optional.of(new MetricsAddress(host, Integer.parseInt(port)));
    }

    private static InvalidOptionException invalid(OptionKey key, Value value, String why) {
        return new InvalidOptionException(describe(key, value) + " is invalid" + (why == null ? "" : ": " + why)
                + "; allowed: " + key.allowed());
    }

    private static String describe(OptionKey key, Value value) {
        return "option " + key.key() + "='" + value.text() + "' (from " + value.origin() + ")";
    }

    private record Value(String text, String origin) {}
}
