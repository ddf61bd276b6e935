package dev.spillway.samples.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback server of blocking socket channels with one thread per connection, the shape of
 * many ingest front ends: simple, and the per-message buffers are the only thing that grows with
 * the traffic.
 */
abstract class ChannelServer implements AutoCloseable {

    private final ServerSocketChannel server;
    private final ExecutorService connections;
    private final String name;

    ChannelServer(String name) throws IOException {
        this.name = name;
        this.server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.connections = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name(name + "-", 0).daemon().factory());
        Thread.ofPlatform().name(name + "-acceptor").daemon().start(this::accept);
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(name + " has no address", e);
        }
    }

    /** Serves one connection until the peer closes it; the channel is closed afterwards. */
    abstract void serve(SocketChannel peer) throws IOException;

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel peer = server.accept();
                // Headers, trailers and acks are a few bytes each; Nagle would hold them for the peer's delayed ACK.
                peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connections.execute(() -> {
                    try (peer) {
                        serve(peer);
                    } catch (AsynchronousCloseException e) {
                        // closed by close(): the run is over
                    } catch (IOException | RuntimeException e) {
                        System.err.println(name + ": dropped connection: " + e);
                    }
                });
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                System.err.println(name + ": accept failed: " + e);
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
