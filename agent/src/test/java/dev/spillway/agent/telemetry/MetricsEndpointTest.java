package dev.spillway.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.instrument.TransformStatistics;
import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.runtime.HeapGeometry;
import dev.spillway.agent.sites.Site;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteKind;
import dev.spillway.agent.sites.Reason;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import dev.spillway.agent.verify.EscapeChecker;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    private static final SiteDecision REDIRECTED =
            new SiteDecision(Verdict.REDIRECTED_RECYCLED, Reason.PROVABLY_LOCAL, null);
    private static final SiteDecision ESCAPE_OBSERVED =
            new SiteDecision(Verdict.KEPT, Reason.ESCAPE_OBSERVED, "a released array was still reachable");
    private final SiteRegistry registry = new SiteRegistry();
    private final AllocationRecorder recorder =
            new AllocationRecorder(registry, 1000, () -> new HeapGeometry("G1", 1 << 20, 16));
    private final Site site = new Site("a.Relay", "copy", "(I)V", 17, 42, SiteKind.NEW_BYTE_ARRAY);

    @Nested
    class SiteMetersBinder {
        @Test
        void metersSitesFoundBeforeAndAfterBinding() {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            int before = registry.register(site, SiteDecision.profiled());
            new SiteMeters(recorder).bindTo(meters);
            int after = registry.register(new Site("a.Relay", "late", "()V", 1, 2, SiteKind.HEAP_BUFFER),
                    SiteDecision.profiled());
            recorder.record(10, before);
            recorder.record(2000, before);
            recorder.record(3000, after);

            assertEquals(2, meters.get("spillway.site.allocations").tag("site", site.id())
                    .functionCounter().count());
            assertEquals(2010, meters.get("spillway.site.bytes").tag("site", site.id()).functionCounter().count());
            FunctionCounter late = meters.get("spillway.site.large.allocations").tag("method", "late")
                    .functionCounter();
            assertEquals(1, late.count());
            DistributionSummary sizes = meters.get("spillway.site.large.size").tag("site", site.id()).summary();
            assertEquals(1, sizes.count());
            assertEquals(2000, sizes.totalAmount());
            assertEquals(1, meters.get("spillway.site.verdict").tag("site", site.id()).tag("verdict", "PROFILED")
                    .tag("reason", "none").gauge().value());
            assertNull(meters.get("spillway.site.allocations").tag("site", site.id()).functionCounter().getId()
                    .getTag("verdict"));
        }

        @Test
        void aDecisionChangeReplacesTheSitesVerdictGaugeAndKeepsItsCounters() {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            int index = registry.register(site, REDIRECTED);
            new SiteMeters(recorder).bindTo(meters);
            recorder.record(2000, index);

            registry.register(site, ESCAPE_OBSERVED);
            recorder.record(2000, index);

            assertEquals(1, meters.find("spillway.site.verdict").tag("site", site.id()).gauges().size());
            assertEquals(1, meters.get("spillway.site.verdict").tag("site", site.id()).tag("verdict", "KEPT")
                    .tag("reason", "escape-observed").gauge().value());
            assertEquals(1, meters.find("spillway.site.allocations").tag("site", site.id()).functionCounters().size());
            assertEquals(2, meters.get("spillway.site.allocations").tag("site", site.id()).functionCounter().count());
        }
    }

    @Nested
    class PrometheusEndpoint {
        private String scrape(HttpClient client, MetricsEndpoint endpoint) throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }

        @Test
        void showsTheNewVerdictAndNotTheOldOneWhenVerifyTurnsASiteToEscapeObserved()
                throws IOException, InterruptedException {
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            int index = registry.register(site, REDIRECTED);
            new SiteMeters(recorder).bindTo(prometheus);
            recorder.record(5000, index);
            try (MetricsEndpoint endpoint = MetricsEndpoint.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), prometheus);
                    HttpClient client = HttpClient.newHttpClient()) {
                String before = scrape(client, endpoint);
                assertEquals(List.of("spillway_site_verdict{reason=\"provably-local\",site=\"" + site.id()
                        + "\",verdict=\"REDIRECTED_RECYCLED\"} 1.0"), verdictLines(before), before);

                try (EscapeChecker checker = new EscapeChecker(registry, line -> { }, segment -> { }, 1 << 20)) {
                    MemorySegment released = Arena.ofAuto().allocate(64);
                    checker.quarantine(released.asByteBuffer(), released, index);
                    released.set(ValueLayout.JAVA_BYTE, 3, (byte) 1);
                    assertEquals(1, checker.check());
                }
                recorder.record(5000, index);
                String after = scrape(client, endpoint);

                assertEquals(List.of("spillway_site_verdict{reason=\"escape-observed\",site=\"" + site.id()
                        + "\",verdict=\"KEPT\"} 1.0"), verdictLines(after), after);
                List<String> allocations = after.lines()
                        .filter(line -> line.startsWith("spillway_site_allocations_total{")).toList();
                assertEquals(1, allocations.size(), after);
                assertTrue(allocations.get(0).endsWith(" 2.0"), after);
            }
        }

        private static List<String> verdictLines(String body) {
            return body.lines().filter(line -> line.startsWith("spillway_site_verdict{")).toList();
        }

        @Test
        void servesTheRegistryOverLoopback() throws IOException, InterruptedException {
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            int index = registry.register(site, SiteDecision.profiled());
            new SiteMeters(recorder).bindTo(prometheus);
            new AgentMeters(recorder, new TransformStatistics()).bindTo(prometheus);
            for (int i = 0; i < 3; i++) {
                recorder.record(5000, index);
            }
            try (MetricsEndpoint endpoint = MetricsEndpoint.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), prometheus);
                    HttpClient client = HttpClient.newHttpClient()) {
                assertTrue(endpoint.address().getAddress().isLoopbackAddress());
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertEquals(200, response.statusCode());
                assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
                String body = response.body();
                assertTrue(body.lines().anyMatch(line -> line.startsWith("spillway_site_allocations_total{")
                        && line.contains("site=\"" + site.id() + "\"") && line.endsWith(" 3.0")), body);
                assertTrue(body.lines().anyMatch(line -> line.startsWith("spillway_agent_bytes_total")
                        && line.endsWith(" 15000.0")), body);
                assertTrue(body.lines().anyMatch(line -> line.startsWith("spillway_agent_sites ")
                        && line.endsWith(" 1.0")), body);
                assertTrue(body.contains("spillway_site_large_size_bytes_count{"), body);

                assertTrue(body.lines().anyMatch(line -> line.startsWith("spillway_site_verdict{")
                        && line.contains("verdict=\"PROFILED\"") && line.endsWith(" 1.0")), body);

                HttpResponse<String> post = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(405, post.statusCode());
            }
        }
    }
}
