{{- define "companion.labels" -}}
app.kubernetes.io/part-of: companion
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "companion.image" -}}
{{ .root.Values.image.registry }}/{{ .name }}:{{ .root.Values.image.tag }}
{{- end -}}

{{/* Settings every Spring service reads (see each module's README). */}}
{{- define "companion.commonEnv" -}}
- name: SPRING_DATASOURCE_URL
  value: {{ .Values.postgres.url | quote }}
- name: SPRING_DATASOURCE_USERNAME
  value: {{ .Values.postgres.user | quote }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ .Values.postgres.existingSecret }}, key: password}}
- name: SPRING_DATA_REDIS_HOST
  value: {{ .Values.redis.host | quote }}
- name: SPRING_DATA_REDIS_PORT
  value: {{ .Values.redis.port | quote }}
- name: PLATFORM_KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: PLATFORM_JWT_ALGORITHM
  value: {{ .Values.jwt.algorithm | quote }}
- name: PLATFORM_JWT_ISSUER
  value: {{ .Values.jwt.issuer | quote }}
- name: PLATFORM_JWT_AUDIENCE
  value: {{ .Values.jwt.audience | quote }}
- name: PLATFORM_JWT_JWKS_URI
  value: {{ .Values.jwt.jwksUri | quote }}
# in a cluster every service listens on the pod's interfaces (locally they bind to loopback)
- name: SERVER_ADDRESS
  value: "0.0.0.0"
- name: PLATFORM_MODE
  value: cluster
- name: PLATFORM_OUTBOX_PSEUDONYMKEY
  valueFrom: {secretKeyRef: {name: {{ .Values.secrets.existingSecret }}, key: pseudonym-key}}
{{- end -}}

{{/* Pod-level hardening shared by every workload. */}}
{{- define "companion.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
seccompProfile: {type: RuntimeDefault}
{{- end -}}

{{- define "companion.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities: {drop: [ALL]}
{{- end -}}

{{/* Extra environment per service: the credentials it presents or checks. */}}
{{- define "companion.serviceSecrets" -}}
{{- $secret := .root.Values.secrets.existingSecret -}}
{{- if eq .name "model-gateway" }}
- name: GATEWAY_CHAT_SERVICE_SECRET
  valueFrom: {secretKeyRef: {name: {{ $secret }}, key: chat-service-key}}
- name: INFERENCE_NODE_KEY
  valueFrom: {secretKeyRef: {name: {{ $secret }}, key: inference-node-key}}
- name: GATEWAY_NODECREDENTIAL
  value: gateway:$(INFERENCE_NODE_KEY)
{{- else if eq .name "safety-filter" }}
- name: SAFETY_SERVICECREDENTIALS_TOOLS
  valueFrom: {secretKeyRef: {name: {{ $secret }}, key: review-intake-key}}
{{- else if eq .name "identity-service" }}
- name: IDENTITY_KEYS_ENCRYPTIONSECRET
  valueFrom: {secretKeyRef: {name: {{ $secret }}, key: identity-key-encryption-secret}}
{{- else if eq .name "edge" }}
- name: EDGE_METRICS_SCRAPETOKEN
  valueFrom: {secretKeyRef: {name: {{ $secret }}, key: metrics-scrape-token}}
{{- end }}
{{- end -}}
