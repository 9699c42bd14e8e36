package dev.lakehouse.maintenance.lock;

/** A held table lock. */
public interface TableLock extends AutoCloseable {
  @Override
  void close();
}
