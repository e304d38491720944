namespace Platform.Bench;

/// <summary>
/// Where our API runs: inside the silo process (<c>cohosted</c>, a grain call stays in the process) or as a
/// process of its own beside the silo (<c>separate</c>). Passed to the app host as <c>--topology</c>.
/// </summary>
public enum Topology { Cohosted, Separate }

public static class Topologies
{
    public static string Switch(this Topology topology) => topology == Topology.Cohosted ? "cohosted" : "separate";

    public static string Title(this Topology topology) => topology == Topology.Cohosted ? "co-hosted" : "separate";

    /// <summary>For the plot's axis, where names must be short.</summary>
    public static string Short(this Topology topology) => topology == Topology.Cohosted ? "co" : "sep";

    public static Topology Other(this Topology topology) => topology == Topology.Cohosted ? Topology.Separate : Topology.Cohosted;

    public static bool TryParse(string text, out Topology topology)
    {
        topology = text == "separate" ? Topology.Separate : Topology.Cohosted;
        return text is "cohosted" or "separate";
    }
}
