package dev.spillway.samples.relay;

/** How the relay moves an upload's body to the upstream. */
public enum BodyMode {
    /**
     * Reads the whole body into one array sized from Content-Length, checksums it, then forwards it:
     * what proxies that must validate or sign a body before sending it on do.
     */
    BUFFERED,
    /** Copies the body through one chunk-sized array per request, checksumming as it goes. */
    STREAMED
}
