{{/* Names and labels. */}}
{{- define "switchboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "switchboard.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The resource name of one component: dict "root" $ "component" "gateway". */}}
{{- define "switchboard.componentName" -}}
{{- printf "%s-%s" (include "switchboard.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "switchboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "switchboard.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "switchboard.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "switchboard.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: switchboard
{{- end -}}

{{/* The image reference of a component's values: dict "root" $ "image" .Values.gateway.image. */}}
{{- define "switchboard.image" -}}
{{- $repository := .image.repository -}}
{{- if .root.Values.imageRegistry -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" .root.Values.imageRegistry) $repository -}}
{{- end -}}
{{- printf "%s:%s" $repository (toString (default .root.Chart.AppVersion .image.tag)) -}}
{{- end -}}

{{/* Seconds a pod may take to stop: preStop sleep, in-app drain, stream grace, and a margin for the flush. */}}
{{- define "switchboard.terminationGracePeriodSeconds" -}}
{{- $s := .Values.shutdown -}}
{{- add (mul 2 (int $s.drainSeconds)) (int $s.graceSeconds) (int $s.marginSeconds) -}}
{{- end -}}

{{/* Whether the gateway may run more than one replica. */}}
{{/* "true" when gateway.workers asks for more than one process per pod (validated in _validate.tpl). */}}
{{- define "switchboard.gatewayHasWorkers" -}}
{{- $w := .Values.gateway.workers -}}
{{- if and (or (kindIs "float64" $w) (kindIs "int64" $w) (kindIs "int" $w)) (gt (int $w) 1) -}}true{{- end -}}
{{- end -}}

{{- define "switchboard.gatewayMayScaleOut" -}}
{{- $g := .Values.gateway -}}
{{- if or (gt (int $g.replicas) 1) (and $g.hpa.enabled (gt (int $g.hpa.maxReplicas) 1)) -}}true{{- end -}}
{{- end -}}

{{/* The config.yaml text, from a YAML string or an object. */}}
{{- define "switchboard.configYaml" -}}
{{- if kindIs "string" .Values.config -}}
{{- .Values.config -}}
{{- else -}}
{{- toYaml .Values.config -}}
{{- end -}}
{{- end -}}

{{/*
The config's custom pass-through routes (general_settings.pass_through_endpoints) the ingress and the UI nginx
must send to the gateway, as a JSON list of {path, prefix}. An entry on a path a built-in route serves is left
out, as the gateway leaves it out (the built-in wins there, with a warning in the gateway's log).
*/}}
{{- define "switchboard.passThroughRoutes" -}}
{{- $config := .Values.config | default dict -}}
{{- if kindIs "string" $config -}}{{- $config = fromYaml $config -}}{{- end -}}
{{- $general := (get $config "general_settings") | default dict -}}
{{- $builtIn := (.Files.Get "files/routes.yaml" | fromYaml).builtIn | default list -}}
{{- $routes := list -}}
{{- range $entry := (get $general "pass_through_endpoints") | default list -}}
{{- $path := trimSuffix "/" (toString (get $entry "path")) -}}
{{- if not (regexMatch "^(/[A-Za-z0-9._~-]+)+$" $path) -}}
{{- fail (printf "config.general_settings.pass_through_endpoints: path %q may hold only letters, digits and . _ ~ - between slashes (the gateway refuses it too)" (get $entry "path")) -}}
{{- end -}}
{{- $taken := false -}}
{{- range $builtIn -}}
{{- if or (eq .path $path) (and (eq .pathType "Prefix") (hasPrefix (printf "%s/" .path) $path)) -}}{{- $taken = true -}}{{- end -}}
{{- end -}}
{{- if not $taken -}}
{{- $routes = append $routes (dict "path" $path "prefix" (eq (toString (get $entry "include_subpath")) "true")) -}}
{{- end -}}
{{- end -}}
{{- toJson $routes -}}
{{- end -}}
