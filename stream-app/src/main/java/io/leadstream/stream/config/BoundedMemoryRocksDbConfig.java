package io.leadstream.stream.config;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the off-heap memory of all RocksDB stores of this process, as Kafka Streams' memory
 * management guide recommends: one LRU block cache shared by every store, with memtables charged to
 * it through a WriteBufferManager, and index/filter blocks cached there too. Without it each store
 * segment allocates its own cache and memtables, and memory grows with the number of partitions.
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {
    /** Streams config key with the total budget in bytes. */
    public static final String TOTAL_BYTES_CONFIG = "leadstream.rocksdb.memory.bytes";
    private static final long DEFAULT_TOTAL_BYTES = 256L * 1024 * 1024;
    /** Half for memtables: a small share made the write buffer manager flush tiny memtables constantly (measured in bench). */
    private static final double MEMTABLE_SHARE = 0.5;
    private static final long MEMTABLE_BYTES = 16L * 1024 * 1024;
    private static final double INDEX_FILTER_SHARE = 0.1;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    private static synchronized void init(Map<String, Object> configs) {
        if (cache != null) {
            return;
        }
        Object configured = configs.get(TOTAL_BYTES_CONFIG);
        long total = configured == null ? DEFAULT_TOTAL_BYTES : Long.parseLong(configured.toString());
        cache = new LRUCache(total, -1, false, INDEX_FILTER_SHARE);
        writeBufferManager = new WriteBufferManager((long) (total * MEMTABLE_SHARE), cache);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        init(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setMaxWriteBufferNumber(3);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared by every store: never closed per store.
    }
}
