package io.sockwatch.agent.registry;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The records of sockets whose fd was known at open (channels), in a slot per fd. Opening and closing such a socket is
 * then one compare-and-set on its slot, where the identity map costs the owner's first identity hash (a call into the
 * VM for every new object), a node, and a shared size counter: about 0.4 % of a churned {@code SocketChannel}'s
 * connect, accept and close on JDK 17, measured in one JVM (docs/benchmarks.md). The kernel gives an fd to one open
 * socket at a time, so a slot holds one record; a slot still taken when its fd is opened again (an fd closed behind the
 * JDK's back) sends the new record to the identity map. Pages of {@link #PAGE_SIZE} slots are made as fds reach them
 * and kept: the index costs 4 bytes per fd up to the highest seen, at most 4 MiB at {@link #MAX_FD}; sockets above it
 * go to the identity map.
 */
final class FdIndex {
    static final int PAGE_SIZE = 1024;
    private static final int PAGES = 1024;
    static final int MAX_FD = PAGE_SIZE * PAGES - 1;

    private final AtomicReferenceArray<AtomicReferenceArray<SocketRecord>> pages = new AtomicReferenceArray<>(PAGES);

    /** Puts {@code record} in the slot of its fd; false when its fd is unknown, above {@link #MAX_FD} or taken. */
    boolean add(SocketRecord record) {
        int fd = record.fd();
        if (fd < 0 || fd > MAX_FD) {
            return false;
        }
        AtomicReferenceArray<SocketRecord> page = page(fd);
        if (page == null) {
            pages.compareAndSet(fd / PAGE_SIZE, null, new AtomicReferenceArray<>(PAGE_SIZE));
            page = page(fd);
        }
        return page.compareAndSet(fd % PAGE_SIZE, null, record);
    }

    /** The record in {@code fd}'s slot if it is {@code owner}'s, else null. */
    SocketRecord get(int fd, Object owner) {
        AtomicReferenceArray<SocketRecord> page = fd < 0 || fd > MAX_FD ? null : page(fd);
        SocketRecord there = page == null ? null : page.get(fd % PAGE_SIZE);
        return there != null && there.get() == owner ? there : null;
    }

    /** Takes {@code owner}'s record out of {@code fd}'s slot and returns it; null if the slot holds no such record. */
    SocketRecord remove(int fd, Object owner) {
        SocketRecord there = get(fd, owner);
        return there != null && remove(there) ? there : null;
    }

    /** Takes {@code record} out of its slot; false if it is not there (no longer, or never: the identity map's). */
    boolean remove(SocketRecord record) {
        int fd = record.fd();
        AtomicReferenceArray<SocketRecord> page = fd < 0 || fd > MAX_FD ? null : page(fd);
        return page != null && page.compareAndSet(fd % PAGE_SIZE, record, null);
    }

    /** The records in slot order; weakly consistent, as the identity map's view. */
    Iterator<SocketRecord> iterator() {
        return new Iterator<SocketRecord>() {
            private int fd = -1;
            private SocketRecord next = advance();

            private SocketRecord advance() {
                while (++fd <= MAX_FD) {
                    AtomicReferenceArray<SocketRecord> page = page(fd);
                    if (page == null) {
                        fd += PAGE_SIZE - 1 - fd % PAGE_SIZE; // to the end of the missing page
                        continue;
                    }
                    SocketRecord record = page.get(fd % PAGE_SIZE);
                    if (record != null) {
                        return record;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public SocketRecord next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                SocketRecord record = next;
                next = advance();
                return record;
            }
        };
    }

    /** How many slots hold a record; counted slot by slot. */
    int size() {
        int n = 0;
        for (Iterator<SocketRecord> it = iterator(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    /** Empties every slot; the pages stay. */
    void clear() {
        for (int p = 0; p < PAGES; p++) {
            AtomicReferenceArray<SocketRecord> page = pages.get(p);
            for (int i = 0; page != null && i < PAGE_SIZE; i++) {
                page.set(i, null);
            }
        }
    }

    /** The page of {@code fd}'s slot, or null while no fd reached it. */
    private AtomicReferenceArray<SocketRecord> page(int fd) {
        return pages.get(fd / PAGE_SIZE);
    }
}
