package io.sockwatch.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpTextTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "::1, [::1]",
        "::, [::]",
        "1::, [1::]",
        "FE80::ABCD, [fe80::abcd]",
        "2001:db8:0:1:1:1:1:1, [2001:db8:0:1:1:1:1:1]",  // a lone zero group stays
        "2001:0:0:1:0:0:0:1, [2001:0:0:1::1]",          // the longest run is shortened
        "2001:db8:0:0:1:0:0:1, [2001:db8::1:0:0:1]",    // the leftmost of equal runs
        "::a00:1, [::a00:1]",                           // IPv4-compatible is not IPv4-mapped
    })
    void formatsAddresses(String address, String expected) throws UnknownHostException {
        // an IP literal is parsed, never looked up; only the test uses InetAddress
        assertEquals(expected, IpText.host(InetAddress.getByName(address).getAddress()));
    }

    @Test
    void formatsMappedAddressAsIpv4() {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 1, 2, 3};

        assertEquals("10.1.2.3", IpText.host(mapped));
        assertEquals("10.1.2.3:443", IpText.endpoint(IpText.host(mapped), 443));
    }
}
