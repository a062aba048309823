import yaml, json, sys
doc = yaml.safe_load(open('fixed-spotify-open-api.yml'))
paths = ['/me', '/me/player/currently-playing', '/me/player/recently-played', '/artists', '/artists/{id}']
out = {'openapi': doc['openapi'], 'info': {'title': doc['info']['title'], 'version': doc['info']['version']}, 'paths': {}, 'components': {}}
todo = []
def walk(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == '$ref': todo.append(v)
            else: walk(v)
    elif isinstance(node, list):
        for v in node: walk(v)
for p in paths:
    op = {'get': doc['paths'][p]['get']}
    out['paths'][p] = op
    walk(op)
seen = set()
while todo:
    ref = todo.pop()
    if ref in seen: continue
    seen.add(ref)
    _, _, kind, name = ref.split('/')
    node = doc['components'][kind][name]
    out['components'].setdefault(kind, {})[name] = node
    walk(node)
for kind in out['components']:
    out['components'][kind] = dict(sorted(out['components'][kind].items()))
json.dump(out, open('spotify-web-api.subset.json', 'w'), indent=1, default=str)
print(len(seen), {k: len(v) for k, v in out['components'].items()})
