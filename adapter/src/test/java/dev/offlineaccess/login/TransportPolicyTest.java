package dev.offlineaccess.login;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransportPolicyTest {
    private final TransportPolicy external = TransportPolicy.of("external");

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "10.1.2.3", "172.16.0.1",
            "172.31.255.254", "192.168.1.20", "169.254.3.4", "fe80::1", "fd12:3456::1", "fc00::7"})
    void externalWhenPlainHttpFromLoopbackOrPrivateAddressThenAllowed(String remote) {
        assertTrue(external.allows(false, remote));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "172.32.0.1", "192.169.0.1", "2001:db8::1", "localhost", "example.com",
            "10.0.0.1.evil.example", ""})
    void externalWhenPlainHttpFromPublicAddressOrNoIpLiteralThenRefused(String remote) {
        assertFalse(external.allows(false, remote));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "127.0.0.1"})
    void externalWhenHttpsThenAllowedFromAnywhere(String remote) {
        assertTrue(external.allows(true, remote));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "127.0.0.1"})
    void allWhenPlainHttpThenRefusedEvenFromLoopback(String remote) {
        TransportPolicy all = TransportPolicy.of("all");
        assertFalse(all.allows(false, remote));
        assertTrue(all.allows(true, remote));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "127.0.0.1"})
    void noneWhenPlainHttpThenAllowed(String remote) {
        assertTrue(TransportPolicy.of("none").allows(false, remote));
    }

    @org.junit.jupiter.api.Test
    void externalWhenNoRemoteAddressThenRefused() {
        assertFalse(external.allows(false, null));
    }

    @Test
    void externalWhenAddressesAlternateThenEachAnswerIsTheAddresssOwn() {
        TransportPolicy policy = TransportPolicy.of("external");
        for (int i = 0; i < 3; i++) {
            assertTrue(policy.allows(false, "127.0.0.1"));
            assertTrue(policy.allows(false, "127.0.0.1"));
            assertFalse(policy.allows(false, "203.0.113.7"));
            assertFalse(policy.allows(false, "203.0.113.7"));
            assertTrue(policy.allows(false, "192.168.1.20"));
            assertFalse(policy.allows(false, null));
            assertFalse(policy.allows(false, "localhost"));
        }
    }
}
