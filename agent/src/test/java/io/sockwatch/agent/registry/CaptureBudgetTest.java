package io.sockwatch.agent.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CaptureBudgetTest {

    @Test
    void everyCaptureWithinTheBudgetThenAboutOneInN() {
        CaptureBudget budget = new CaptureBudget(100, 64);
        ThreadUse self = new ThreadUse(Thread.currentThread());
        int captured = 0;
        for (int i = 0; i < 100; i++) {
            captured += budget.capture(self) ? 1 : 0;
        }
        assertEquals(100, captured, "the whole budget, every one");
        captured = 0;
        for (int i = 0; i < 64_000; i++) {
            captured += budget.capture(self) ? 1 : 0;
        }
        // 1,000 expected; the window resets each second, so a slow run may capture a second budget of 100 as well
        assertTrue(captured >= 850 && captured <= 1_300, "about one in 64 beyond the budget: " + captured);
    }

    @Test
    void twoBudgetsDrawnInTurnByOneThreadEachKeepTheirShare() {
        CaptureBudget opens = new CaptureBudget(0, 64);
        CaptureBudget closes = new CaptureBudget(0, 64);
        ThreadUse self = new ThreadUse(Thread.currentThread());
        int openCaptures = 0;
        int closeCaptures = 0;
        for (int i = 0; i < 64_000; i++) {
            openCaptures += opens.capture(self) ? 1 : 0;
            closeCaptures += closes.capture(self) ? 1 : 0;
        }
        assertTrue(openCaptures >= 850 && openCaptures <= 1_150, "opens: " + openCaptures);
        assertTrue(closeCaptures >= 850 && closeCaptures <= 1_150, "closes: " + closeCaptures);
    }

    @Test
    void oneInOneIsEveryCall() {
        ThreadUse self = new ThreadUse(Thread.currentThread());
        for (int i = 0; i < 1_000; i++) {
            assertTrue(self.oneIn(1));
        }
    }
}
