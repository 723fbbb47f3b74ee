using System.Text;

namespace Bychefiza.Deploy.Chart;

/// <summary>The generated pieces of YAML that fill the templates' holes.</summary>
public static class Fragments
{
    /// <summary>A container's env entries at <paramref name="indent"/> spaces; secrets come from the existing Secret by key.</summary>
    public static string Env(IEnumerable<EnvVariable> variables, int indent)
    {
        var pad = new string(' ', indent);
        var yaml = new StringBuilder();
        foreach (var variable in variables)
        {
            yaml.Append(pad).Append("- name: ").Append(variable.Name).Append('\n');
            if (variable.SecretKey is { } key)
            {
                yaml.Append(pad).Append("  valueFrom:\n")
                    .Append(pad).Append("    secretKeyRef:\n")
                    .Append(pad).Append("      name: {{ $.Values.secrets.existingSecret }}\n")
                    .Append(pad).Append("      key: ").Append(key).Append('\n');
            }
            else
            {
                yaml.Append(pad).Append("  value: \"").Append(variable.Value).Append("\"\n");
            }
        }
        return yaml.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// A NetworkPolicy's ingress rules: <paramref name="port"/> from the pods of the release named in
    /// <paramref name="callers"/>, and from the ingress controller when <paramref name="fromIngressController"/>.
    /// No caller at all is an empty rule list, which admits nobody (an empty <c>from</c> would admit everybody).
    /// </summary>
    public static string IngressRules(string port, IReadOnlyList<string> callers, bool fromIngressController)
    {
        if (callers.Count == 0 && !fromIngressController)
        {
            return "  ingress: []";
        }
        var yaml = new StringBuilder()
            .Append("  ingress:\n")
            .Append("    - ports:\n")
            .Append("        - port: ").Append(port).Append('\n')
            .Append("          protocol: TCP\n")
            .Append("      from:\n");
        if (fromIngressController)
        {
            yaml.Append("""
                        - namespaceSelector:
                            matchLabels:
                              {{- toYaml $.Values.networkPolicy.ingressController.namespaceLabels | nindent 14 }}
                          podSelector:
                            matchLabels:
                              {{- toYaml $.Values.networkPolicy.ingressController.podLabels | nindent 14 }}

                """);
        }
        foreach (var caller in callers)
        {
            yaml.Append("        - podSelector:\n")
                .Append("            matchLabels:\n")
                .Append("              {{- include \"bychefiza.selectorLabels\" (dict \"root\" $ \"name\" \"").Append(caller).Append("\") | nindent 14 }}\n");
        }
        return yaml.ToString().TrimEnd('\n');
    }
}
