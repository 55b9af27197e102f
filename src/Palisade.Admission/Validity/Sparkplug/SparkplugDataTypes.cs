using Palisade.Admission.Validity.Sparkplug.Proto;

namespace Palisade.Admission.Validity.Sparkplug;

/// <summary>
/// The Sparkplug B data type codes (spec 3.0.0, 6.4.16 "Data Types") and the value field each must use in a metric
/// (6.4.17 "Datatype Details"). Range checks of narrow integers (Int8 carried in a uint32) are not made: encoders
/// differ on how a negative narrow integer is widened, and a wrong choice would refuse good data.
/// </summary>
internal static class SparkplugDataTypes
{
    public const uint Unknown = 0;
    public const uint Int8 = 1;
    public const uint Int16 = 2;
    public const uint Int32 = 3;
    public const uint Int64 = 4;
    public const uint UInt8 = 5;
    public const uint UInt16 = 6;
    public const uint UInt32 = 7;
    public const uint UInt64 = 8;
    public const uint Float = 9;
    public const uint Double = 10;
    public const uint Boolean = 11;
    public const uint String = 12;
    public const uint DateTime = 13;
    public const uint Text = 14;
    public const uint Uuid = 15;
    public const uint DataSet = 16;
    public const uint Bytes = 17;
    public const uint File = 18;
    public const uint Template = 19;
    public const uint PropertySet = 20;
    public const uint PropertySetList = 21;
    public const uint Int8Array = 22;
    public const uint DateTimeArray = 34;

    /// <summary>
    /// The value field a metric of <paramref name="datatype"/> must set, or <see cref="Payload.Types.Metric.ValueOneofCase.None"/>
    /// when the code is not a metric data type (Unknown, the property-only PropertySet/PropertySetList, or beyond the table).
    /// </summary>
    public static Payload.Types.Metric.ValueOneofCase MetricValueField(uint datatype) => datatype switch
    {
        Int8 or Int16 or Int32 or UInt8 or UInt16 or UInt32 => Payload.Types.Metric.ValueOneofCase.IntValue,
        Int64 or UInt64 or DateTime => Payload.Types.Metric.ValueOneofCase.LongValue,
        Float => Payload.Types.Metric.ValueOneofCase.FloatValue,
        Double => Payload.Types.Metric.ValueOneofCase.DoubleValue,
        Boolean => Payload.Types.Metric.ValueOneofCase.BooleanValue,
        String or Text or Uuid => Payload.Types.Metric.ValueOneofCase.StringValue,
        DataSet => Payload.Types.Metric.ValueOneofCase.DatasetValue,
        Bytes or File => Payload.Types.Metric.ValueOneofCase.BytesValue,
        Template => Payload.Types.Metric.ValueOneofCase.TemplateValue,

        // The array types (3.0.0) are packed little-endian into bytes_value.
        >= Int8Array and <= DateTimeArray => Payload.Types.Metric.ValueOneofCase.BytesValue,
        _ => Payload.Types.Metric.ValueOneofCase.None,
    };

    /// <summary>Name of a data type code for reasons ("Int32", "code 99").</summary>
    public static string Name(uint datatype) => datatype switch
    {
        Unknown => "Unknown",
        Int8 => "Int8",
        Int16 => "Int16",
        Int32 => "Int32",
        Int64 => "Int64",
        UInt8 => "UInt8",
        UInt16 => "UInt16",
        UInt32 => "UInt32",
        UInt64 => "UInt64",
        Float => "Float",
        Double => "Double",
        Boolean => "Boolean",
        String => "String",
        DateTime => "DateTime",
        Text => "Text",
        Uuid => "UUID",
        DataSet => "DataSet",
        Bytes => "Bytes",
        File => "File",
        Template => "Template",
        PropertySet => "PropertySet",
        PropertySetList => "PropertySetList",
        >= Int8Array and <= DateTimeArray => "array type " + datatype.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "code " + datatype.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Protobuf field name of a value case, for reasons.</summary>
    public static string FieldName(Payload.Types.Metric.ValueOneofCase field) => field switch
    {
        Payload.Types.Metric.ValueOneofCase.IntValue => "int_value",
        Payload.Types.Metric.ValueOneofCase.LongValue => "long_value",
        Payload.Types.Metric.ValueOneofCase.FloatValue => "float_value",
        Payload.Types.Metric.ValueOneofCase.DoubleValue => "double_value",
        Payload.Types.Metric.ValueOneofCase.BooleanValue => "boolean_value",
        Payload.Types.Metric.ValueOneofCase.StringValue => "string_value",
        Payload.Types.Metric.ValueOneofCase.BytesValue => "bytes_value",
        Payload.Types.Metric.ValueOneofCase.DatasetValue => "dataset_value",
        Payload.Types.Metric.ValueOneofCase.TemplateValue => "template_value",
        _ => "no value",
    };
}
