package io.sockwatch.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class HostTextsTest {
    private final HostTexts hosts = new HostTexts();

    @Test
    void anIpv4AddressIsMadeIntoTextOnceAndItsMappedFormSharesIt() {
        String first = hosts.host(new byte[] {127, 0, 0, 1});
        assertEquals("127.0.0.1", first);
        assertSame(first, hosts.host(new byte[] {127, 0, 0, 1}));
        assertSame(first, hosts.host(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1}));
    }

    @Test
    void otherIpv6AddressesPrintAsIpTextPrintsThem() {
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        assertEquals("[::1]", hosts.host(loopback));
    }

    @Test
    void beyondItsCapacityEveryAddressStillGetsItsOwnText() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5_000; i++) {
                byte[] address = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
                assertEquals(IpText.host(address), hosts.host(address));
            }
        }
    }
}
