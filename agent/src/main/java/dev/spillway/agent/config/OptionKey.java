package dev.spillway.agent.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Every option the agent understands, with its default and what it allows.
 *
 * <p>The same key is spelled {@code key} in agent arguments and the properties file, {@code spillway.key} as
 * a system property and {@code SPILLWAY_KEY} in the environment.
 */
public enum OptionKey {
    DESIGNATE("", "class patterns separated by ';', e.g. com.acme.**;com.acme.io.*Reader"),
    EXCLUDE("", "class patterns separated by ';', e.g. com.acme.generated.**"),
    MODE("profile", "profile or redirect"),
    THRESHOLD("64k", "a size in bytes from 0 to 2147483647, with an optional k, m or g suffix, e.g. 64k"),
    OUT("spillway-out", "a directory for sites.json"),
    METRICS("", "host:port or port (loopback), e.g. 9464 or 0.0.0.0:9464; unset means no endpoint"),
    VERIFY("false", "true or false"),
    LOG("warn", "off, error, warn, info or debug"),
    STRICT("false", "true or false"),
    THROTTLE("20", "LargeAllocation events per site per second, an integer from 0 (no limit) to 1000000"),
    OFFHEAPLIMIT("1g", "a size in bytes from 1, with an optional k, m or g suffix, e.g. 512m"),
    RECYCLERBUDGET("", "a size in bytes from 1, with an optional k, m or g suffix; unset means a quarter of the"
            + " maximum heap, at most 256m"),
    CONFIG("", "the path of a properties file with further options");

    private final String defaultValue;
    private final String allowed;

    OptionKey(String defaultValue, String allowed) {
        this.defaultValue = defaultValue;
        this.allowed = allowed;
    }

    /** The key as written in agent arguments and in the properties file. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The system property that carries this option. */
    public String systemProperty() {
        return "spillway." + key();
    }

    /** The environment variable that carries this option. */
    public String environmentVariable() {
        return "SPILLWAY_" + name();
    }

    /** The value used when no source sets the option ({@code ""} means unset). */
    public String defaultValue() {
        return defaultValue;
    }

    /** What a value may look like, for error messages and the documentation. */
    public String allowed() {
        return allowed;
    }

    /** The option spelled {@code key}, if there is one. */
    public static Optional<OptionKey> of(String key) {
        for (OptionKey option : values()) {
            if (option.key().equals(key)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }
}
