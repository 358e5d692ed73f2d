package io.sockwatch.agent.correlation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InodeSetTest {

    @Test
    void holdsWhatWasAddedThroughGrowth() {
        InodeSet set = new InodeSet();
        for (long inode = 1; inode <= 5_000; inode++) {
            set.add(inode * 7919); // more than the first table holds, spread like real inodes
        }

        for (long inode = 1; inode <= 5_000; inode++) {
            assertTrue(set.contains(inode * 7919), "inode " + inode * 7919);
            assertFalse(set.contains(inode * 7919 + 1), "inode " + (inode * 7919 + 1));
        }
    }

    @Test
    void inodesAboveIntAreKept() {
        InodeSet set = new InodeSet();
        set.add(3_000_000_001L);

        assertTrue(set.contains(3_000_000_001L));
        assertFalse(set.contains(3_000_000_001L - (1L << 32)), "not confused with its low 32 bits");
    }

    @Test
    void zeroAndNegativeAreNeverMembers() {
        InodeSet set = new InodeSet();
        set.add(0);
        set.add(-1);

        assertFalse(set.contains(0), "inode 0 is no socket's");
        assertFalse(set.contains(-1));
    }
}
