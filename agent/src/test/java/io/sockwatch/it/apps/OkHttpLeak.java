package io.sockwatch.it.apps;

import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** OkHttp: a Response whose body is never closed keeps its connection allocated after the server closes it. */
public final class OkHttpLeak {
    private static final List<Response> UNCLOSED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        try (IdleClosingHttpServer server = new IdleClosingHttpServer()) {
            OkHttpClient client = new OkHttpClient();
            Request request = new Request.Builder().url(server.url()).build();
            Response response = client.newCall(request).execute(); // open:okhttp
            System.out.println("status " + response.code()); // body never read, never closed
            UNCLOSED.add(response);
            Scenarios.snapshotWhenLeaking("leaked", 1);
            System.exit(0); // OkHttp's non-daemon pool threads would keep the JVM up for a minute
        }
    }
}
