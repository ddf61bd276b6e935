package dev.spillway.agent;

import dev.spillway.agent.config.AgentConfig;
import dev.spillway.agent.config.AgentLog;
import dev.spillway.agent.instrument.TransformStatistics;
import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.telemetry.JfrTelemetry;
import dev.spillway.agent.telemetry.MetricsEndpoint;
import dev.spillway.agent.telemetry.RunInfo;
import java.io.IOException;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * The agent's JFR events and metrics endpoint, kept apart from {@link Agent} so that neither JFR, nor
 * {@code java.management}, nor Micrometer is loaded on the application's way to {@code main}: {@link #start} runs
 * on a daemon thread, and the JFR events are registered only once the JVM's flight recorder is initialized (a
 * recording started, at JVM start or later), on a thread of their own.
 */
final class Telemetry {
    private final AgentConfig config;
    private final AgentLog log;
    private final AllocationRecorder recorder;
    private RunInfo run;
    private FlightRecorderListener recorderListener;
    private JfrTelemetry jfr;
    private MetricsEndpoint metrics;
    private boolean closed;

    Telemetry(AgentConfig config, AgentLog log, AllocationRecorder recorder) {
        this.config = config;
        this.log = log;
        this.recorder = recorder;
    }

    /**
     * Reads the heap geometry, waits for the flight recorder, and serves the metrics when asked to.
     *
     * @param run what the configuration event says
     */
    void start(RunInfo run, TransformStatistics transforms) {
        recorder.heapGeometry();
        FlightRecorderListener listener = new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder flightRecorder) {
                // The recorder calls this holding its own lock; registering events may need other JFR locks.
                Thread registration = new Thread(Telemetry.this::startJfr, "spillway-jfr");
                registration.setDaemon(true);
                registration.start();
            }
        };
        synchronized (this) {
            if (closed) {
                return;
            }
            this.run = run;
            recorderListener = listener;
        }
        try {
            FlightRecorder.addListener(listener);
        } catch (RuntimeException | LinkageError e) {
            log.warn("JFR events are unavailable (" + e + ")");
        }
        config.metrics().ifPresent(address -> {
            try {
                MetricsEndpoint endpoint = MetricsEndpoint.serve(address.socketAddress(), recorder, transforms);
                synchronized (this) {
                    if (closed) {
                        endpoint.close();
                        return;
                    }
                    metrics = endpoint;
                }
                log.info("metrics at http://" + address.host() + ":" + endpoint.address().getPort() + "/metrics");
            } catch (IOException | RuntimeException e) {
                log.warn("the metrics endpoint could not start on " + address + " (" + e + ")");
            }
        });
    }

    private void startJfr() {
        synchronized (this) {
            if (closed || jfr != null) {
                return;
            }
            try {
                JfrTelemetry started = new JfrTelemetry(run, recorder, config.throttle(), System::nanoTime);
                started.start();
                jfr = started;
            } catch (RuntimeException | LinkageError e) {
                log.warn("JFR events are unavailable (" + e + ")");
            }
        }
    }

    /** Emits a SiteSummary per site that has allocated, when JFR events are on. */
    synchronized void emitSummaries() {
        if (jfr != null) {
            try {
                jfr.emitSummaries();
            } catch (RuntimeException e) {
                // JFR may already be shutting down; the site report still has every counter.
            }
        }
    }

    /** Emits the last summaries and stops the events and the endpoint. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (recorderListener != null) {
            try {
                FlightRecorder.removeListener(recorderListener);
            } catch (RuntimeException | LinkageError e) {
                // JFR is unavailable, so the listener was never added.
            }
        }
        if (jfr != null) {
            emitSummaries();
            jfr.close();
            jfr = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }
}
