package dev.spillway.reporter.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import picocli.CommandLine.Model.OptionSpec;

/**
 * The agent options of {@code run} and {@code attach}, assembled into the agent's option string
 * ({@code designate=com.acme.**;com.other.Io*,mode=redirect,threshold=64k}, docs/EVENTS.md and the brief).
 */
final class AgentOptions {
    enum Mode { profile, redirect }

    private static final Pattern SIZE = Pattern.compile("\\d+[kKmMgG]?[bB]?");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

    final SpillwayCommand.Slot<String> designate;
    final SpillwayCommand.Slot<Mode> mode;
    final SpillwayCommand.Slot<String> threshold;
    final SpillwayCommand.Slot<List<String>> extra;
    final SpillwayCommand.Slot<Boolean> noAgent;

    /** Adds the agent's options to {@code command}. */
    AgentOptions(SpillwayCommand command) {
        designate = command.option(OptionSpec.builder("--designate").paramLabel("PATTERNS").type(String.class)
                .description("Classes to instrument, ';'-separated patterns such as 'com.acme.**;com.other.Io*'."));
        mode = command.option(OptionSpec.builder("--mode").paramLabel("MODE").type(Mode.class)
                .description("profile (count and judge each site) or redirect (also serve the provably local ones from the allocator)."));
        threshold = command.option(OptionSpec.builder("--threshold").paramLabel("SIZE").type(String.class)
                .description("Smallest allocation the agent counts as large, e.g. 64k."));
        extra = command.option(OptionSpec.builder("--agent").paramLabel("KEY=VALUE[,KEY=VALUE...]").type(List.class)
                .auxiliaryTypes(String.class).description("Any other agent option."));
        noAgent = command.flag("--no-agent", "Record without the agent (a baseline).");
    }

    /** Whether to record without the agent. */
    boolean noAgent() {
        return noAgent.value;
    }

    /** The option string for {@code VirtualMachine.loadAgent(jar, OPTIONS)}: a bad option disables the agent, never the JVM. */
    String optionString(Path out) {
        return optionString(out, false);
    }

    /**
     * The option string for {@code -javaagent:jar=OPTIONS}. With {@code refuseBadOptions}, {@code strict=true} is added
     * unless the user chose {@code strict}: the agent then judges its own options (the reporter does not know the agent's
     * rules) and stops the JVM before {@code main} with its one-line reason, instead of running disabled.
     */
    String optionString(Path out, boolean refuseBadOptions) {
        Map<String, String> options = new LinkedHashMap<>();
        String designate = this.designate.value;
        if (designate != null) {
            if (designate.contains(",")) {
                throw new UsageException("--designate patterns are separated by ';', not ',': " + designate);
            }
            options.put("designate", designate);
        }
        if (mode.value != null) {
            options.put("mode", mode.value.name());
        }
        String threshold = this.threshold.value;
        if (threshold != null) {
            if (!SIZE.matcher(threshold).matches()) {
                throw new UsageException("--threshold must be a size such as 65536, 64k or 1m, got '" + threshold + "'");
            }
            options.put("threshold", threshold);
        }
        for (String group : extra.value != null ? extra.value : List.<String>of()) {
            for (String pair : group.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || !KEY.matcher(pair.substring(0, eq)).matches()) {
                    throw new UsageException("--agent takes KEY=VALUE pairs, got '" + pair + "'");
                }
                options.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        if (out != null) {
            options.putIfAbsent("out", out.toAbsolutePath().toString());
        }
        if (refuseBadOptions) {
            options.putIfAbsent("strict", "true");
        }
        StringBuilder s = new StringBuilder();
        options.forEach((k, v) -> s.append(s.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return s.toString();
    }

    /** The agent jar under the Spillway home, or a usage error that says how to get one. */
    static Path agentJar(Path home) {
        Path jar = home.resolve("agent/target/spillway-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new UsageException("the agent is not built (" + jar + "); build it with ./mvnw -B -DskipTests package, or use --no-agent");
        }
        return jar;
    }
}
