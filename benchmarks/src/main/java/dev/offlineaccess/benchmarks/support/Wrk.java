package dev.offlineaccess.benchmarks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs Debian's {@code wrk} against a loopback URL for a fixed time and reads its result. Every request is
 * pre-built in the script's {@code init} from a list of header sets (e.g. one per session cookie) or of form bodies,
 * used round-robin; the script's {@code done} prints exact counts and percentiles (microseconds). The request data
 * lives in a file readable by the owner only and is deleted afterwards: it may hold session cookies or tokens,
 * which are never printed.
 */
public final class Wrk {
    private static final Pattern RESULT = Pattern.compile("^RESULT (.*)$", Pattern.MULTILINE);

    /**
     * One wrk run.
     *
     * @param requests  completed requests
     * @param seconds   the measured duration
     * @param errors    connect, read, write and timeout errors plus responses with status >= 400
     * @param meanMicros mean latency
     * @param p50Micros  median latency
     * @param p90Micros  90th percentile
     * @param p99Micros  99th percentile
     * @param maxMicros  slowest request
     */
    public record Result(long requests, double seconds, long errors, double meanMicros, long p50Micros,
                         long p90Micros, long p99Micros, long maxMicros) {
        public double perSecond() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            return String.format("%,.0f req/s, p50 %s, p90 %s, p99 %s, max %s, %d errors", perSecond(),
                    micros(p50Micros), micros(p90Micros), micros(p99Micros), micros(maxMicros), errors);
        }

        private static String micros(long us) {
            return us >= 10_000 ? String.format("%.1f ms", us / 1000.0) : us + " us";
        }
    }

    private Wrk() {
    }

    /** GET requests to {@code url}, each with one of {@code headerSets} (round-robin). */
    public static Result get(URI url, List<Map<String, String>> headerSets, int threads, int connections,
                             int seconds) {
        List<String> lines = headerSets.stream().map(Wrk::headerLine).toList();
        return run(url, "GET", lines, threads, connections, seconds);
    }

    /** Form POSTs to {@code url}, each with one of {@code bodies} (round-robin), and {@code headers}. */
    public static Result postForm(URI url, Map<String, String> headers, List<String> bodies, int threads,
                                  int connections, int seconds) {
        String headerLine = headerLine(headers);
        List<String> lines = bodies.stream().map(body -> headerLine + "\t" + body).toList();
        return run(url, "POST", lines, threads, connections, seconds);
    }

    private static String headerLine(Map<String, String> headers) {
        return headers.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("|"));
    }

    private static Result run(URI url, String method, List<String> lines, int threads, int connections,
                              int seconds) {
        if (!"127.0.0.1".equals(url.getHost()) && !"localhost".equals(url.getHost())) {
            throw new IllegalArgumentException("wrk is pointed at loopback addresses only: " + url.getHost());
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("wrk");
            Path data = dir.resolve("requests.txt");
            Files.write(data, lines, StandardCharsets.UTF_8);
            Path script = dir.resolve("bench.lua");
            Files.writeString(script, script(method, data, url.getRawPath()
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("wrk", "-t", String.valueOf(threads), "-c",
                    String.valueOf(connections), "-d", seconds + "s", "--timeout", "10s", "-s", script.toString(),
                    url.getScheme() + "://" + url.getHost() + ":" + url.getPort() + "/"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + output);
            }
            return parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    static Result parse(String output) {
        Matcher m = RESULT.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no RESULT line in wrk's output: " + output);
        }
        java.util.Map<String, String> values = new java.util.HashMap<>();
        for (String pair : m.group(1).trim().split(" ")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], kv[1]);
        }
        return new Result(Long.parseLong(values.get("requests")), Long.parseLong(values.get("duration_us")) / 1e6,
                Long.parseLong(values.get("errors")), Double.parseDouble(values.get("mean")),
                Long.parseLong(values.get("p50")), Long.parseLong(values.get("p90")),
                Long.parseLong(values.get("p99")), Long.parseLong(values.get("max")));
    }

    private static String script(String method, Path data, String path) {
        return """
                local requests = {}
                local index = 0
                function init(args)
                  for line in io.lines("%s") do
                    local headerPart, body = line:match("^([^\\t]*)\\t?(.*)$")
                    local headers = {}
                    for h in string.gmatch(headerPart, "[^|]+") do
                      local name, value = h:match("^([^:]+): (.*)$")
                      headers[name] = value
                    end
                    if body == "" then body = nil end
                    requests[#requests + 1] = wrk.format("%s", "%s", headers, body)
                  end
                  index = math.random(#requests) - 1
                end
                function request()
                  index = index %% #requests + 1
                  return requests[index]
                end
                function done(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format(
                    "RESULT requests=%%d duration_us=%%d errors=%%d mean=%%.1f p50=%%d p90=%%d p99=%%d max=%%d\\n",
                    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
                    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
                    latency.max))
                end
                """.formatted(data.toString(), method, path);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind holds no secret of value: benchmark sessions and tokens only
        }
    }
}
