package dev.tempered.bench.lineage;

import dev.tempered.bench.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N clients, each on its own thread with its own HTTP connection, each sending the same GET one
 * request after another (a browser tab polling), all released at once. Latency is client-side,
 * from send to the last byte of the body; a non-200 answer or an I/O error counts as an error and
 * its time is kept (a pool timeout is slow, and hiding it would flatter the slow side).
 */
final class HttpLoad {
    record Result(
            Samples latencyMs,
            List<Double> latencies,
            int requests,
            int errors,
            double wallSeconds,
            String firstError) {}

    private HttpLoad() {}

    static Result run(URI uri, int clients, int requestsPerClient) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        List<String> errorTexts = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(10))
                            .build();
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(120))
                            .build();
                    go.await();
                    for (int i = 0; i < requestsPerClient; i++) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                                errorTexts.add(r.statusCode() + " "
                                        + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
                            }
                        } catch (java.io.IOException e) {
                            errors.incrementAndGet();
                            errorTexts.add(e.toString());
                        }
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<?> f : done) f.get();
            double wall = (System.nanoTime() - t0) / 1e9;
            String first = errorTexts.isEmpty() ? null : errorTexts.get(0);
            if (first != null && first.length() > 300) first = first.substring(0, 300);
            return new Result(
                    Samples.of(latencies), List.copyOf(latencies), latencies.size(), errors.get(), wall, first);
        } finally {
            pool.shutdownNow();
        }
    }
}
