package io.sockwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRequestTest {

    @Test
    void encodesAndParsesACommandWithOptions() {
        String args = new AgentRequest("attach", "interval=1s,json=/tmp/a,b.json", Paths.get("/tmp/sockwatch-1")).encode();
        assertEquals("cli=attach,interval=1s,json=/tmp/a,b.json,reply=/tmp/sockwatch-1", args);
        AgentRequest parsed = AgentRequest.parse(args).orElseThrow();
        assertEquals("attach", parsed.command());
        assertEquals("interval=1s,json=/tmp/a,b.json", parsed.arguments());
        assertEquals("", AgentRequest.parse("cli=detach,reply=/tmp/x").orElseThrow().arguments());
    }

    @Test
    void userOptionsAreNoRequest() {
        assertFalse(AgentRequest.isRequest("interval=1s"));
        assertFalse(AgentRequest.isRequest(null));
        assertTrue(AgentRequest.isRequest("cli=report"));
        assertFalse(AgentRequest.parse("cli=report").isPresent(), "no reply directory: nobody to answer");
    }

    @Test
    void theAnswerIsReadableByTheOwnerOnly(@TempDir Path dir) throws Exception {
        new AgentRequest("report", "text", dir).answer(true, "=== report ===\n");
        Path reply = dir.resolve(AgentRequest.REPLY_FILE);
        assertEquals("ok\n=== report ===\n", Files.readString(reply));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(reply)));
    }
}
