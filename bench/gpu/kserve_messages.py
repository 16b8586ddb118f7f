"""KServe v2 message classes (package 'inference') built from a FileDescriptorSet.

make_descriptor.sh compiles grpc_service.proto into that set; building the classes from it, rather
than from protoc-generated Python, keeps kserve_embedder.py and check_embedder.py independent of
the protobuf runtime version installed where they run.
"""

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def message_classes(descriptor_path):
    """A function from a short message name ('ModelInferRequest') to its class."""
    with open(descriptor_path, "rb") as f:
        file_set = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for proto in file_set.file:
        pool.AddSerializedFile(proto.SerializeToString())
    # protobuf >= 4.21 has GetMessageClass; older runtimes only the factory's GetPrototype.
    factory = None if hasattr(message_factory, "GetMessageClass") else message_factory.MessageFactory(pool)

    def message(name):
        desc = pool.FindMessageTypeByName("inference." + name)
        return message_factory.GetMessageClass(desc) if factory is None else factory.GetPrototype(desc)

    return message
