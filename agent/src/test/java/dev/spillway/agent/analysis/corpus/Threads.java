package dev.spillway.agent.analysis.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;

public class Threads {

    Thread startsThreadThatReadsIt(int n) {
        byte[] bytes = new byte[n];
        Thread thread = new Thread(() -> System.out.println(bytes[0]));
        thread.start();
        return thread;
    }

    void putsItOnAQueue(BlockingQueue<byte[]> queue, int n) throws InterruptedException {
        queue.put(new byte[n]);
    }

    void submitsTaskHoldingIt(ExecutorService executor, int n) {
        executor.submit(new Task(new byte[n]));
    }

    int readsThroughDesignatedSubclass(KeepingStream in, int n) throws IOException {
        return in.read(new byte[n]);
    }

    static final class Task implements Runnable {
        private final byte[] bytes;

        Task(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void run() {
            System.out.println(bytes.length);
        }
    }

    /** An InputStream that keeps what it is given: why calls typed with a designated class are not whitelisted. */
    public static class KeepingStream extends InputStream {
        byte[] last;

        @Override
        public int read() {
            return -1;
        }

        @Override
        public int read(byte[] bytes) {
            last = bytes;
            return 0;
        }
    }
}
