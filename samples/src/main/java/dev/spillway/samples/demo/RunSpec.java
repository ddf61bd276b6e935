package dev.spillway.samples.demo;

import java.util.List;

/**
 * One child JVM of the demo.
 *
 * @param name unique within the demo; names the run's files ({@code NAME.jfr}, {@code NAME.out})
 * @param workload the program it runs
 * @param collector the collector it runs on
 * @param heap the heap size, as for -Xmx
 * @param agent whether it runs with the Spillway agent in redirect mode
 * @param args the workload's own arguments
 */
public record RunSpec(String name, Workload workload, Collector collector, String heap, boolean agent, List<String> args) {

    public RunSpec {
        args = List.copyOf(args);
    }
}
