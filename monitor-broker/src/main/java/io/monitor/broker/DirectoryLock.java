package io.monitor.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on a broker's data directory, across processes and within this JVM. */
final class DirectoryLock implements AutoCloseable {
    static final String FILE = ".monitor-broker.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DirectoryLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                throw inUse(dir, null);
            }
            return new DirectoryLock(ch, l);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw inUse(dir, e);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock the Kafka data directory " + dir + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static IllegalStateException inUse(Path dir, Throwable cause) {
        return new IllegalStateException("the Kafka data directory " + dir
                + " is in use by another broker: stop it or choose another data directory", cause);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was locked
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlock " + FILE + ": " + e, e);
        }
    }
}
