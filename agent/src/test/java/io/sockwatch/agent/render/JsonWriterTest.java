package io.sockwatch.agent.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void escapesWhatJsonRequires() {
        String json = new JsonWriter().beginObject().name("s").value("q\"b\\n\nt\tc\u0001 l\u2028 \u00e9 \ud83d\ude00 lone\ud800")
                .name("n").value(-5).name("b").value(true).name("z").value((String) null)
                .name("a").beginArray().value(1).value(2).endArray().endObject().toString();
        assertEquals("{\"s\":\"q\\\"b\\\\n\\nt\\tc\\u0001 l\\u2028 \u00e9 \ud83d\ude00 lone\\ud800\",\"n\":-5,\"b\":true,"
                + "\"z\":null,\"a\":[1,2]}", json);
    }
}
