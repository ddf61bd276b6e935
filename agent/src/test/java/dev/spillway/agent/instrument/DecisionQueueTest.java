package dev.spillway.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.spillway.agent.config.AgentLog;
import dev.spillway.agent.config.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecisionQueueTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final DecisionQueue queue = new DecisionQueue(
            new AgentLog(LogLevel.WARN, new PrintStream(log, true, StandardCharsets.UTF_8)));

    @Test
    void runsJobsOffTheSubmittingThread() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Thread[] runner = new Thread[1];
        queue.submit(() -> {
            runner[0] = Thread.currentThread();
            ran.countDown();
        });
        ran.await();
        assertNotEquals(Thread.currentThread(), runner[0]);
        queue.close();
    }

    @Test
    void returnsFromRunPendingOnlyWhenEveryJobSubmittedBeforeHasRun() {
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            queue.submit(() -> {
                Thread.onSpinWait();
                done.incrementAndGet();
            });
        }
        queue.runPending();
        assertEquals(200, done.get());
        queue.close();
    }

    @Test
    void runsJobsSubmittedAfterCloseOnTheSubmittingThread() {
        queue.close();
        Thread[] runner = new Thread[1];
        queue.submit(() -> runner[0] = Thread.currentThread());
        assertEquals(Thread.currentThread(), runner[0]);
    }

    @Test
    void reportsAJobThatThrowsAndGoesOn() {
        AtomicInteger done = new AtomicInteger();
        queue.submit(() -> {
            throw new IllegalStateException("boom");
        });
        queue.submit(done::incrementAndGet);
        queue.close();
        assertEquals(1, done.get());
        assertEquals("spillway: warn: a site decision failed (java.lang.IllegalStateException: boom)",
                log.toString(StandardCharsets.UTF_8).strip());
    }
}
