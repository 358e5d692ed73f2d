package io.sockwatch.demo;

import java.io.IOException;

/** One TCP close story, played on loopback with kernel-chosen ports. */
interface Scenario {

    /** The name used with {@code --scenario}. */
    String name();

    /** What the scenario does and which TCP states to expect, for the start-up log. */
    String expectation();

    /** Plays the story and returns once the expected states are in place. */
    void run() throws Exception;

    /** Called after the hold; only a scenario that keeps a socket open on purpose has work here. */
    default void endOfRun() throws IOException {
    }
}
