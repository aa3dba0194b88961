package dev.tagline.planner.service;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * One block cache and one write-buffer budget shared by every RocksDB store of the process
 * (Kafka Streams' documented recipe for bounded memory): without it each store instance (two per
 * partition) takes its own 50 MB cache and 3 x 16 MB memtables, far above the service's budget.
 * 16 MB in total, of which 4 MB memtables; the planner's stores are small.
 */
public class BoundedRocksDbConfig implements RocksDBConfigSetter {
    private static final long TOTAL_BYTES = 16L * 1024 * 1024;
    private static final long MEMTABLE_BYTES = 4L * 1024 * 1024;

    /** Created on first use, once RocksDB's native library is loaded (Kafka Streams loads it before it opens a store). */
    private static final class Shared {
        static {
            RocksDB.loadLibrary();
        }

        static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
        static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(Shared.CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(Shared.WRITE_BUFFERS);
        options.setWriteBufferSize(1024 * 1024);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by every store: never closed here
    }
}
