package io.sockwatch.it.apps;

import java.util.ArrayList;
import java.util.List;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/** Apache HttpClient 4: responses that are never consumed or closed keep their pooled connection forever. */
public final class ApacheHttpClientLeak {
    private static final List<CloseableHttpResponse> UNCLOSED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        try (IdleClosingHttpServer server = new IdleClosingHttpServer()) {
            CloseableHttpClient client = HttpClients.createDefault();
            for (int i = 0; i < 2; i++) {
                UNCLOSED.add(fetchStatus(client, server.url()));
            }
            Scenarios.snapshotWhenLeaking("leaked", 2);
        }
    }

    static CloseableHttpResponse fetchStatus(CloseableHttpClient client, String url) throws Exception {
        CloseableHttpResponse response = client.execute(new HttpGet(url)); // open:httpclient
        System.out.println("status " + response.getStatusLine().getStatusCode()); // body never consumed, never closed
        return response;
    }
}
