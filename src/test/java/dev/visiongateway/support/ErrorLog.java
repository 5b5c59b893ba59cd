package dev.visiongateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The ERROR records the application logs while a test holds this open: what an operator would be paged for. The
 * records the console's filters take out (quarkus.log.console.filter) are still seen here, so a test looks at
 * {@link #records()} by logger. It sees the test's own JVM: in an {@code *IT} run the application logs in a process of
 * its own, so there only the {@code @QuarkusTest} run of the same test proves anything.
 */
public final class ErrorLog implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private ErrorLog() {
        Logger.getLogger("").addHandler(handler);
    }

    public static ErrorLog open() {
        return new ErrorLog();
    }

    /** The logger names and messages of the ERROR records so far. */
    public List<String> records() {
        return records.stream().map(record -> record.getLoggerName() + ": " + record.getMessage()).toList();
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
    }
}
