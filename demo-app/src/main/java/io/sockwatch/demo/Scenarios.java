package io.sockwatch.demo;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The scenarios in run order, and selection by the name given on the command line. */
final class Scenarios {

    static final String ALL = "all";

    private Scenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new PassiveCloseHangScenario(),
                new LeakyClientScenario(),
                new GrowingLeakScenario(),
                new TimeWaitScenario(),
                new ClientPerRequestScenario(),
                new FinWait2Scenario(),
                new ClosedControlScenario(),
                new GcDroppedScenario());
    }

    /** {@code all} followed by every scenario name, as accepted by {@code --scenario}. */
    static List<String> validNames() {
        return Stream.concat(Stream.of(ALL), all().stream().map(Scenario::name)).collect(Collectors.toList());
    }

    /** The scenarios to run for a name from {@link #validNames()}. */
    static List<Scenario> select(String name) {
        if (ALL.equals(name)) {
            return all();
        }
        return all().stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
    }
}
