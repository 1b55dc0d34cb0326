package io.videor1.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** Which device a task opens for the GPU addresses Spark gave it (the cluster test checks the addresses given). */
class TaskDeviceTest {
  @Test
  void anAssignedAddressIsTheDeviceOpened() {
    TaskDevice.Choice c = TaskDevice.choose(new String[] {"1"}, null, 2, Device.gpu(0));
    assertEquals("1", c.address());
    assertEquals(Device.gpu(1), c.device(), "not the engine's default gpu(0)");
    assertEquals("", c.note());
  }

  @Test
  void cudaVisibleDevicesRenumbersFromZero() {
    // The discovery script read CUDA_VISIBLE_DEVICES=4,6: CUDA inside this JVM calls them 0 and 1.
    assertEquals(Device.gpu(1), TaskDevice.choose(new String[] {"6"}, "4,6", 8, Device.cpu()).device());
    assertEquals(Device.gpu(0), TaskDevice.choose(new String[] {"4"}, " 4, 6", 8, Device.cpu()).device());
    assertEquals(Device.gpu(2), TaskDevice.choose(new String[] {"2"}, "4,6", 8, Device.cpu()).device(),
        "an address not listed is taken as the index itself");
  }

  @Test
  void noGpuOrAnUnusableOneFallsBackToTheEnginesDefault() {
    TaskDevice.Choice none = TaskDevice.choose(new String[0], "0,1", 2, Device.gpu(0));
    assertNull(none.address());
    assertEquals(Device.gpu(0), none.device());
    TaskDevice.Choice cpuOnly = TaskDevice.choose(new String[] {"1"}, null, 0, Device.cpu());
    assertEquals(Device.gpu(1), cpuOnly.wanted());
    assertEquals(Device.cpu(), cpuOnly.device());
    assertTrue(cpuOnly.note().contains("would open gpu(1)"), cpuOnly.note());
    assertEquals(Device.cpu(), TaskDevice.choose(new String[] {"GPU-8f3a"}, null, 2, Device.cpu()).device(),
        "a UUID the environment does not list");
  }

  @Test
  void anAssignedGpuTheEngineCannotOpenIsRefusedWhenRequired() {
    String task = "stage 3 partition 0 (TID 12, attempt 0)";
    TaskDevice.Choice cpuOnly = TaskDevice.choose(new String[] {"1"}, null, 0, Device.cpu());
    assertEquals("exec.require_gpu: Spark assigned GPU address 1 to stage 3 partition 0 (TID 12, attempt 0), but the"
        + " engine (PyTorch 2.7.1) sees 0 GPU(s) and cannot open gpu(1): the model would run on cpu(). Give the"
        + " executors a CUDA build of libtorch (PYTORCH_FLAVOR=cu128 or PYTORCH_LIBRARY_PATH, see deploy/README.md),"
        + " or set exec.require_gpu=false to run on the CPU anyway",
        TaskDevice.refusal(cpuOnly, task, "PyTorch 2.7.1", 0));
    String uuid = TaskDevice.refusal(TaskDevice.choose(new String[] {"GPU-8f3a"}, null, 0, Device.cpu()), task,
        "PyTorch 2.7.1", 0);
    assertTrue(uuid.contains("'GPU-8f3a' is not a CUDA device index the engine (PyTorch 2.7.1) can open"), uuid);
    assertNull(TaskDevice.refusal(TaskDevice.choose(new String[0], null, 0, Device.cpu()), task, "PyTorch", 0),
        "no GPU assigned: the CPU is what was asked for");
    assertNull(TaskDevice.refusal(TaskDevice.choose(new String[] {"1"}, null, 2, Device.gpu(0)), task, "PyTorch", 2));
  }

  @Test
  void outsideATaskTheCpu() {
    assertEquals(Device.cpu(), TaskDevice.forTask(true), "the driver's master copy");
  }
}
