package io.leadstream.schemas.registry;

import io.leadstream.schemas.registry.server.InMemorySchemaLog;
import io.leadstream.schemas.registry.server.SchemaRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Many producers starting at once register one schema: they must all get one id and one version. */
class ConcurrentRegistrationTest {

    @Test
    void concurrentRegistrationsOfOneSchemaGetOneIdAndOneVersion() throws Exception {
        SchemaRegistry registry = new SchemaRegistry(new InMemorySchemaLog());
        String schema = "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> ids = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Callable<Integer> register = () -> {
                start.await();
                return registry.register("events-value", schema, null);
            };
            ids.add(pool.submit(register));
        }
        start.countDown();
        Set<Integer> distinct = ConcurrentHashMap.newKeySet();
        for (Future<Integer> id : ids) {
            distinct.add(id.get());
        }
        pool.shutdown();

        assertThat(distinct).hasSize(1);
        assertThat(registry.versions("events-value")).containsExactly(1);
    }
}
