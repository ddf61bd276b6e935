package dev.spillway.agent.instrument;

import dev.spillway.agent.config.AgentLog;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Site decisions that {@link SitePass} takes after the class is rewritten, on a daemon thread of their own, so
 * that loading a class does not wait for its escape analysis. Only for {@code mode=profile}, where the rewrite
 * (a probe) is the same whatever the decision: the sites are registered at once with a provisional decision,
 * and their decisions replace it when the analysis is done.
 *
 * <p>Whoever reads decisions as final (the site report, the last SiteSummary events) calls {@link
 * #runPending()} first. The worker thread is started with the first job, so a JVM whose designated classes
 * have no site never gets one.
 */
public final class DecisionQueue {
    private final Deque<Runnable> jobs = new ArrayDeque<>();
    private final AgentLog log;
    private int running;
    private Thread worker;
    private boolean closed;

    /** @param log told of a job that threw; jobs absorb the analysis' own failures, so that would be a bug */
    public DecisionQueue(AgentLog log) {
        this.log = log;
    }

    /** Queues {@code job}; after {@link #close()} it runs on the calling thread instead. */
    void submit(Runnable job) {
        synchronized (this) {
            if (!closed) {
                jobs.add(job);
                if (worker == null) {
                    worker = new Thread(new Runnable() {
                        @Override
                        public void run() {
                            work();
                        }
                    }, "spillway-analysis");
                    worker.setDaemon(true);
                    worker.start();
                }
                notifyAll();
                return;
            }
        }
        run(job);
    }

    /**
     * Runs the queued jobs on the calling thread, alongside the worker, and returns when none is queued or
     * running: every decision submitted before the call has then been taken.
     */
    public void runPending() {
        Runnable job;
        while ((job = take(false)) != null) {
            run(job);
            finished();
        }
        synchronized (this) {
            while (running > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Takes the queued decisions and stops the worker; later jobs run on the thread that submits them. */
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        runPending();
    }

    private void work() {
        Runnable job;
        while ((job = take(true)) != null) {
            run(job);
            finished();
        }
    }

    /** The next job, counted as running; null when there is none (and, for the worker, when closed). */
    private synchronized Runnable take(boolean wait) {
        while (jobs.isEmpty()) {
            if (!wait || closed) {
                return null;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                return null;
            }
        }
        running++;
        return jobs.poll();
    }

    private synchronized void finished() {
        running--;
        notifyAll();
    }

    private void run(Runnable job) {
        try {
            job.run();
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            log.warn("a site decision failed (" + e + ")");
        }
    }
}
