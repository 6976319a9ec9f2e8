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
{{- end -}}
