package dev.lakehouse.maintenance.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.iceberg.inmemory.InMemoryInputFile;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * Reads each file of unknown length (the metadata file, the manifest list) with one GET: Iceberg's
 * Avro reader asks a file's length first, which S3 answers with a HEAD of its own, so such a file
 * is fetched whole on first use and served from memory. Files of known length (manifests, whose
 * length the manifest list gives) are read as the delegate reads them. Read-only.
 */
final class OneReadFileIO implements FileIO {
  private final FileIO delegate;

  OneReadFileIO(FileIO delegate) {
    this.delegate = delegate;
  }

  @Override
  public InputFile newInputFile(String path) {
    return new Whole(delegate.newInputFile(path));
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    return delegate.newInputFile(path, length);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    throw new IllegalStateException("Inspection reads tables and never writes, cannot write: " + path);
  }

  @Override
  public void deleteFile(String path) {
    throw new IllegalStateException("Inspection reads tables and never deletes, cannot delete: " + path);
  }

  /** A file fetched whole the first time its length or contents are asked for. */
  private static final class Whole implements InputFile {
    private final InputFile file;
    private InMemoryInputFile contents;

    Whole(InputFile file) {
      this.file = file;
    }

    private synchronized InMemoryInputFile contents() {
      if (contents == null) {
        try (InputStream in = file.newStream()) {
          contents = new InMemoryInputFile(file.location(), in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read " + file.location(), e);
        }
      }
      return contents;
    }

    @Override
    public long getLength() {
      return contents().getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      return contents().newStream();
    }

    @Override
    public String location() {
      return file.location();
    }

    @Override
    public boolean exists() {
      return contents != null || file.exists();
    }
  }
}
