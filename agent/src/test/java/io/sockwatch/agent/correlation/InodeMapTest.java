package io.sockwatch.agent.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InodeMapTest {

    @Test
    void holdsWhatWasAddedThroughGrowth() {
        InodeMap set = new InodeMap();
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
        InodeMap set = new InodeMap();
        set.add(3_000_000_001L);

        assertTrue(set.contains(3_000_000_001L));
        assertFalse(set.contains(3_000_000_001L - (1L << 32)), "not confused with its low 32 bits");
    }

    @Test
    void zeroAndNegativeAreNeverMembers() {
        InodeMap set = new InodeMap();
        set.add(0);
        set.add(-1);

        assertFalse(set.contains(0), "inode 0 is no socket's");
        assertFalse(set.contains(-1));
    }

    @Test
    void keepsEachInodesValueThroughGrowthAndClear() {
        InodeMap map = new InodeMap();
        for (int i = 1; i <= 5_000; i++) {
            map.put(i * 7919L, i);
        }
        map.add(42);

        for (int i = 1; i <= 5_000; i++) {
            assertEquals(i, map.get(i * 7919L));
        }
        assertEquals(InodeMap.NONE, map.get(42), "added without a value");
        assertEquals(InodeMap.NONE, map.get(43), "absent");

        map.clear(10);
        assertFalse(map.contains(7919));
        map.put(7919, 3);
        assertEquals(3, map.get(7919));
    }
}
