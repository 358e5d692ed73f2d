package io.sockwatch.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void readsWhatTheAgentWrites() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "a \"quoted\" \\ name\n\u00e9\u0001");
        expected.put("n", -12L);
        expected.put("x", 1.5e3);
        expected.put("list", Arrays.asList(true, false, null, List.of(), Map.of()));
        assertEquals(expected, JsonText.parse(" {\"name\":\"a \\\"quoted\\\" \\\\ name\\n\\u00e9\\u0001\", \"n\" : -12,"
                + "\"x\":1.5e3,\"list\":[true,false,null,[],{}]} "));
    }

    @Test
    void refusesTextThatIsNotOneJsonValue() {
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("{\"a\":1} x"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("{\"a\":"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("[1,}"));
    }
}
