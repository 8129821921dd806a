import json,glob,sys
LEVEL = {"home_care": 0, "routine": 1, "within_days": 2, "same_day": 3, "emergency": 4}
folder=sys.argv[1]
cases=[json.load(open(f)) for f in sorted(glob.glob(folder+'/*.json'))]
for name in sys.argv[2:]:
    out=[json.loads(l) for l in open(name)]
    n=len(cases); exact=acc=safe=em=emh=over=nonem=under=cause=0
    for c,r in zip(cases,out):
        t,d=c['expected']['disposition'],r['disposition']; lt,ld=LEVEL[t],LEVEL[d]
        exact+=d==t; acc+=d in c['expected']['acceptable']
        safe+=(ld>=lt-1) if t!='emergency' else ld==4
        if t=='emergency': em+=1; emh+=d=='emergency'
        else: nonem+=1; over+=ld>lt
        under+=ld<lt
        top=[x['id'] for x in r['possible_causes'][:3]]; cause+=any(x in top for x in c['expected']['first_causes'])
    print(f"{name}: exact={exact/n:.2f} acceptable={acc/n:.2f} em_sens={emh/em:.2f} ({emh}/{em}) safe={safe/n:.2f} under={under} over_rate={over/nonem:.2f} ({over}/{nonem}) cause_top3={cause/n:.2f} n={n}")
