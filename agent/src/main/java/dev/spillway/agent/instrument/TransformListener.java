package dev.spillway.agent.instrument;

import dev.spillway.agent.config.AgentLog;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Reports transformations and failures. Byte Buddy returns no bytes for a class whose transformation
 * threw, so the JVM keeps that class as it was; this listener only has to say so.
 */
final class TransformListener extends AgentBuilder.Listener.Adapter {
    private final AgentLog log;
    private final TransformStatistics statistics;
    private final OriginalClassFiles classFiles;

    TransformListener(AgentLog log, TransformStatistics statistics, OriginalClassFiles classFiles) {
        this.log = log;
        this.statistics = statistics;
        this.classFiles = classFiles;
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
            DynamicType dynamicType) {
        log.debug("transformed " + type.getName() + (loaded ? " (retransformed)" : ""));
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
        statistics.failed();
        log.warn("could not instrument " + typeName + "; it runs unchanged (" + error + ")");
    }

    @Override
    public void onComplete(String typeName, ClassLoader loader, JavaModule module, boolean loaded) {
        classFiles.clear();
    }
}
