package dev.lakehouse.testkit.proxy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S3 keeping the time of a clock of the test's: every S3 response through the proxy carries the
 * clock's time in {@code Date}, an object written through the proxy is stamped with the clock's
 * time when it was written, and {@code GetObject} and {@code HeadObject} answer that stamp in
 * {@code Last-Modified}. A test that moves the clock on moves S3's time on with it, which the
 * emulator's own clock cannot do; a test that gives the tool another clock sets the two apart.
 * Listings keep the emulator's times.
 *
 * <pre>{@code
 * S3Clock.install(proxy, clock);
 * }</pre>
 */
public final class S3Clock {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Set<String> WRITES = Set.of("PutObject", "CopyObject", "CompleteMultipartUpload");
    private static final Set<String> READS = Set.of("GetObject", "HeadObject");

    private final Clock clock;
    private final Map<String, Instant> written = new ConcurrentHashMap<>();

    private S3Clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Makes {@code proxy}'s S3 keep {@code clock}'s time from now on. */
    public static S3Clock install(AwsProxy proxy, Clock clock) {
        S3Clock s3Clock = new S3Clock(clock);
        proxy.rule().service("s3").rewriteHeaders(s3Clock::stamp);
        return s3Clock;
    }

    /** The fields S3 would have answered had it kept the clock's time. */
    private Map<String, String> stamp(RecordedExchange exchange) {
        Instant now = clock.instant();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Date", HTTP_DATE.format(now));
        String operation = exchange.request().operation();
        String object = exchange.request().path();
        boolean succeeded = exchange.status() / 100 == 2;
        if (succeeded && WRITES.contains(operation)) {
            written.put(object, now);
        } else if (succeeded && operation.equals("DeleteObject")) {
            written.remove(object);
        } else if (READS.contains(operation) && written.containsKey(object)) {
            fields.put("Last-Modified", HTTP_DATE.format(written.get(object)));
        }
        return fields;
    }
}
