package dev.offlineaccess.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"PT30S, 30000", "P30D, 2592000000", "pt1m, 60000", "30, 30000", "1.5, 1500", "500ms, 500",
            "30s, 30000", "5m, 300000", "1h, 3600000", "30d, 2592000000", "0.5h, 1800000", "' 10 s ', 10000",
            "0, 0"})
    void parseWhenValidTextThenMilliseconds(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse("k", text));
    }

    @Test
    void parseWhenJsonNumberThenSeconds() {
        assertEquals(Duration.ofSeconds(42), Durations.parse("k", 42L));
        assertEquals(Duration.ofMillis(250), Durations.parse("k", 0.25));
    }

    @ParameterizedTest
    @CsvSource({"-1", "-PT1S", "abc", "1w", "0.0001", "P1Y", "''"})
    void parseWhenInvalidThenConfigurationExceptionNamingTheKey(String text) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Durations.parse("clock-skew",
                text));

        assertEquals("clock-skew", e.key());
    }
}
