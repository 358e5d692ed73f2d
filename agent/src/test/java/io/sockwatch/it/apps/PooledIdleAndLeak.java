package io.sockwatch.it.apps;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * One real leak and one correct request per HTTP client, against a server that closes idle connections after
 * 200 ms: the leaked response's connection and the released one both end in CLOSE_WAIT, but only the first is a
 * leak; the second waits in the client's pool until its next lease or eviction. Argument: hc4, hc5, okhttp or
 * urlconnection.
 */
public final class PooledIdleAndLeak {
    /** The leaked responses, kept reachable as an application that forgot them would. */
    private static final List<Object> UNCLOSED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        try (IdleClosingHttpServer server = new IdleClosingHttpServer()) {
            String url = server.url();
            switch (args[0]) {
                case "hc4":
                    httpClient4(url);
                    break;
                case "hc5":
                    httpClient5(url);
                    break;
                case "okhttp":
                    okHttp(url);
                    break;
                case "urlconnection":
                    urlConnection(url);
                    break;
                default:
                    throw new IllegalArgumentException(args[0]);
            }
            Scenarios.sleep(600); // both connections closed by the server
            Scenarios.snapshotWhenLeaking("pooled", 1);
            System.exit(0); // OkHttp's pool threads would keep the JVM up for a minute
        }
    }

    private static void httpClient4(String url) throws Exception {
        org.apache.http.impl.client.CloseableHttpClient client = org.apache.http.impl.client.HttpClients.createDefault();
        UNCLOSED.add(client.execute(new org.apache.http.client.methods.HttpGet(url))); // open:hc4-leak
        try (org.apache.http.client.methods.CloseableHttpResponse ok =
                     client.execute(new org.apache.http.client.methods.HttpGet(url))) { // open:hc4-pooled
            org.apache.http.util.EntityUtils.consume(ok.getEntity());
        }
    }

    private static void httpClient5(String url) throws Exception {
        org.apache.hc.client5.http.impl.classic.CloseableHttpClient client =
                org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();
        UNCLOSED.add(client.executeOpen(null, new org.apache.hc.client5.http.classic.methods.HttpGet(url), null)); // open:hc5-leak
        client.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(url), // open:hc5-pooled
                response -> org.apache.hc.core5.http.io.entity.EntityUtils.toString(response.getEntity()));
    }

    private static void okHttp(String url) throws Exception {
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
        okhttp3.Request request = new okhttp3.Request.Builder().url(url).build();
        UNCLOSED.add(client.newCall(request).execute()); // open:okhttp-leak
        try (okhttp3.Response ok = client.newCall(request).execute()) { // open:okhttp-pooled
            ok.body().string();
        }
    }

    private static void urlConnection(String url) throws Exception {
        HttpURLConnection leaked = (HttpURLConnection) new URL(url).openConnection();
        UNCLOSED.add(leaked.getInputStream()); // open:urlconnection-leak
        HttpURLConnection ok = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream in = ok.getInputStream()) { // open:urlconnection-pooled
            in.readAllBytes();
        }
    }
}
