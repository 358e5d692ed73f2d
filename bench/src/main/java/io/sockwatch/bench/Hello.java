package io.sockwatch.bench;

/** The start-up benchmark's application: print and exit. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
