package dev.quire.inference.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InstanceThreadsTest {

    @Test
    void aTaskGoesToTheThreadThatWentIdleLast() throws Exception {
        InstanceThreads threads = new InstanceThreads(3, "test-instance-");
        try {
            // All three threads run a task at once first, so each has started and gone idle before the count.
            runAtOnce(threads, 3, () -> { });
            Thread.sleep(50);
            Set<Thread> ran = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 20; i++) {
                CountDownLatch done = new CountDownLatch(1);
                threads.execute(() -> {
                    ran.add(Thread.currentThread());
                    done.countDown();
                });
                assertTrue(done.await(5, TimeUnit.SECONDS));
                Thread.sleep(20); // the worker parks again; a longest-waiting-first pool would pick another one next
            }
            assertEquals(1, ran.size(), "one at a time, every task should run on the same thread: " + ran);
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void concurrentTasksRunOnSeparateThreads() throws Exception {
        InstanceThreads threads = new InstanceThreads(2, "test-instance-");
        try {
            Set<Thread> ran = ConcurrentHashMap.newKeySet();
            runAtOnce(threads, 2, () -> ran.add(Thread.currentThread()));
            assertEquals(2, ran.size());
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void moreTasksThanThreadsAllRunAndAFailingTaskKeepsItsThread() throws Exception {
        InstanceThreads threads = new InstanceThreads(2, "test-instance-");
        try {
            CountDownLatch done = new CountDownLatch(200);
            for (int i = 0; i < 200; i++) {
                int n = i;
                threads.execute(() -> {
                    done.countDown();
                    if (n % 10 == 0) {
                        throw new IllegalStateException("task " + n + " fails on purpose");
                    }
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS), done.getCount() + " tasks never ran");
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void shutdownRunsWhatWasHandedInThenEndsTheThreadsAndRefusesMore() throws Exception {
        InstanceThreads threads = new InstanceThreads(1, "test-instance-");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(3);
        Thread[] worker = new Thread[1];
        threads.execute(() -> {
            worker[0] = Thread.currentThread();
            awaitQuietly(release);
            ran.countDown();
        });
        threads.execute(ran::countDown); // backlogged behind the blocked task
        threads.execute(ran::countDown);
        threads.shutdown();
        release.countDown();
        assertTrue(ran.await(5, TimeUnit.SECONDS), ran.getCount() + " handed-in tasks did not run");
        worker[0].join(5000);
        assertFalse(worker[0].isAlive(), "the instance thread should end after shutdown");
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> { }));
        assertEquals("the instance threads are shut down", e.getMessage());
    }

    /**
     * Hands in {@code n} tasks that each run {@code then} only once all {@code n} are running (a barrier
     * passes only while every task runs at once), and waits until all have.
     */
    private static void runAtOnce(InstanceThreads threads, int n, Runnable then) throws InterruptedException {
        CyclicBarrier all = new CyclicBarrier(n);
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            threads.execute(() -> {
                awaitQuietly(all);
                then.run();
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), done.getCount() + " of " + n + " tasks did not get past the barrier");
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
