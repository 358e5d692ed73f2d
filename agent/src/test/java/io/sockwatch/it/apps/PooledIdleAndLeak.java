package io.sockwatch.it.apps;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * One real leak and one correct request per HTTP client, against a server that closes idle connections after
 * 200 ms: the leaked response's connection and the released one both end in CLOSE_WAIT, but only the first is a
 * leak; the second waits in the client's pool until its next lease or eviction. Arguments: hc4, hc5, okhttp or
 * urlconnection; then, for HTTPS, a PKCS12 key store (password "changeit") the server uses and the clients trust.
 */
public final class PooledIdleAndLeak {
    /** The leaked responses, kept reachable as an application that forgot them would. */
    private static final List<Object> UNCLOSED = new ArrayList<>();
    /** The server's own certificate, which OkHttp needs apart from the context. */
    private static X509TrustManager trusted;

    public static void main(String[] args) throws Exception {
        SSLContext tls = args.length > 1 ? tls(args[1]) : null;
        try (IdleClosingHttpServer server = new IdleClosingHttpServer(tls)) {
            String url = server.url();
            switch (args[0]) {
                case "hc4":
                    httpClient4(url, tls);
                    break;
                case "hc5":
                    httpClient5(url, tls);
                    break;
                case "okhttp":
                    okHttp(url, tls);
                    break;
                case "urlconnection":
                    urlConnection(url, tls);
                    break;
                default:
                    throw new IllegalArgumentException(args[0]);
            }
            Scenarios.sleep(600); // both connections closed by the server
            Scenarios.snapshotWhenLeaking("pooled", 1);
            System.exit(0); // OkHttp's pool threads would keep the JVM up for a minute
        }
    }

    private static SSLContext tls(String keyStore) throws Exception {
        char[] password = "changeit".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Paths.get(keyStore))) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        trusted = (X509TrustManager) tmf.getTrustManagers()[0];
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), new TrustManager[] {trusted}, null);
        return tls;
    }

    private static void httpClient4(String url, SSLContext tls) throws Exception {
        org.apache.http.impl.client.HttpClientBuilder builder = org.apache.http.impl.client.HttpClients.custom();
        if (tls != null) {
            builder.setSSLContext(tls);
        }
        org.apache.http.impl.client.CloseableHttpClient client = builder.build();
        UNCLOSED.add(client.execute(new org.apache.http.client.methods.HttpGet(url))); // open:hc4-leak
        try (org.apache.http.client.methods.CloseableHttpResponse ok =
                     client.execute(new org.apache.http.client.methods.HttpGet(url))) { // open:hc4-pooled
            org.apache.http.util.EntityUtils.consume(ok.getEntity());
        }
    }

    private static void httpClient5(String url, SSLContext tls) throws Exception {
        org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder pool =
                org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create();
        if (tls != null) {
            pool.setTlsSocketStrategy(new org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy(tls));
        }
        org.apache.hc.client5.http.impl.classic.CloseableHttpClient client =
                org.apache.hc.client5.http.impl.classic.HttpClients.custom().setConnectionManager(pool.build()).build();
        UNCLOSED.add(client.executeOpen(null, new org.apache.hc.client5.http.classic.methods.HttpGet(url), null)); // open:hc5-leak
        client.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(url), // open:hc5-pooled
                response -> org.apache.hc.core5.http.io.entity.EntityUtils.toString(response.getEntity()));
    }

    private static void okHttp(String url, SSLContext tls) throws Exception {
        okhttp3.OkHttpClient.Builder builder = new okhttp3.OkHttpClient.Builder();
        if (tls != null) {
            builder.sslSocketFactory(tls.getSocketFactory(), trusted);
        }
        okhttp3.OkHttpClient client = builder.build();
        okhttp3.Request request = new okhttp3.Request.Builder().url(url).build();
        UNCLOSED.add(client.newCall(request).execute()); // open:okhttp-leak
        try (okhttp3.Response ok = client.newCall(request).execute()) { // open:okhttp-pooled
            ok.body().string();
        }
    }

    private static void urlConnection(String url, SSLContext tls) throws Exception {
        if (tls != null) {
            HttpsURLConnection.setDefaultSSLSocketFactory(tls.getSocketFactory());
        }
        HttpURLConnection leaked = (HttpURLConnection) new URL(url).openConnection();
        UNCLOSED.add(leaked.getInputStream()); // open:urlconnection-leak
        HttpURLConnection ok = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream in = ok.getInputStream()) { // open:urlconnection-pooled
            in.readAllBytes();
        }
    }
}
