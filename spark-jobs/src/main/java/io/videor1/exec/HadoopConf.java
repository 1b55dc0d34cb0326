package io.videor1.exec;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop configuration as it travels to executors, so every task (curation, SFT and T-GRPO model tasks,
 * evaluation, the MLlib model) reaches media, frames and models on the same FileSystems as the driver: with its
 * {@code spark.hadoop.*} settings (object-store credentials, a {@code fs.<scheme>.impl} connector), which a
 * {@code new Configuration()} on an executor would not have.
 */
public final class HadoopConf implements Serializable {
  private transient Configuration conf;

  public HadoopConf(Configuration conf) {
    this.conf = conf;
  }

  public Configuration get() {
    return conf;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
