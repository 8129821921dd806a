"""Validate blind3 cases against tremorwatch.assessment/1 (codes transcribed from spec text)."""
import json, glob, sys, os
BP={"left_leg","right_leg","left_arm","right_arm","chin","head","face","trunk","whole_body"}
SPEED={"fast_fine","slow_jerky","unsure"}; TREND={"new","improving","stable","worsening"}
STATES={"awake_calm","crying_or_upset","feeding","drowsy","asleep","on_waking","handling_or_noise","cold_or_undressed","hungry"}
YN={"yes","no","unsure"}; SEX={"female","male","unknown"}; SITE={"rectal","axillary","ear","forehead"}
PAT={"tremor","clonic","irregular","none"}
FIND=set("""unresponsive_during_episode loss_of_consciousness eye_deviation_or_fixed_stare lip_smacking_or_chewing
cycling_or_pedalling stiffening_whole_body stiffening_on_startle spasm_clusters looked_like_a_fit breathing_pause
blue_or_grey_color pale_or_mottled breathing_difficulty fast_breathing fever low_temperature hard_to_wake
moves_only_when_stimulated floppy stiff_limbs poor_feeding not_feeding_at_all vomiting bulging_fontanelle
high_pitched_or_inconsolable_cry non_blanching_rash neck_stiffness irritability sweating jaundice diarrhea
poor_weight_gain fewer_wet_diapers sunken_fontanelle dry_mouth no_tears sunken_eyes loss_of_skills
developmental_delay weakness not_using_one_side persistent_fisting bruising head_injury
possible_toxin_or_medicine_ingestion interferes_with_feeding interferes_with_sleep interferes_with_activity""".split())
HIST=set("""small_for_gestational_age large_for_gestational_age infant_of_diabetic_mother maternal_opioid_use
maternal_antidepressant_use maternal_other_substance_use maternal_graves_disease perinatal_asphyxia
sepsis_risk_at_birth exclusively_breastfed_by_vegan_or_b12_deficient_mother known_seizure_disorder
known_cerebral_palsy known_developmental_delay family_history_seizures family_history_tremor
lead_exposure_risk infant_takes_medication recent_vaccination""".split())
INF={"age_days","gestational_age_weeks","birth_weight_g","sex","history","vitamin_k_at_birth"}
EPI={"body_parts","rhythmic","speed","typical_duration_s","longest_duration_s","episodes_per_day",
 "first_noticed_days_ago","trend","states","only_in_sleep","stops_when_woken","stops_with_gentle_hold",
 "provoked_by_stimulus","stops_with_distraction","comes_in_clusters","one_side_only","happening_now","minutes_so_far"}
EYN={"rhythmic","only_in_sleep","stops_when_woken","stops_with_gentle_hold","provoked_by_stimulus",
 "stops_with_distraction","comes_in_clusters","one_side_only","happening_now"}
NUM={"typical_duration_s","longest_duration_s","episodes_per_day","first_noticed_days_ago","minutes_so_far"}
VIT={"temperature_c":(30,43),"breaths_per_min":(5,150),"heart_rate_bpm":(30,300),"wet_diapers_24h":(0,30),"blood_glucose_mmol_l":(0,40)}
BANNED=["normal","emergency","same_day","same day","within_days","home_care","red flag","urgent","disposition","label","benign"]
P=[]
def p(f,m): P.append(f"{os.path.basename(f)}: {m}")
def isnum(v): return isinstance(v,(int,float)) and not isinstance(v,bool)
files=sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)),"cases","d*.json")))
ids=set()
for f in files:
    try: d=json.load(open(f))
    except Exception as e: p(f,f"bad JSON {e}"); continue
    if set(d)!={"id","title","story","input","source","tags"}: p(f,f"keys {sorted(d)}")
    if d.get("id")!=os.path.basename(f)[:-5]: p(f,"id mismatch")
    if d.get("id") in ids: p(f,"dup id")
    ids.add(d.get("id"))
    for k in ("title","story","source"):
        if not isinstance(d.get(k),str) or not d[k].strip(): p(f,f"{k} empty")
    if not isinstance(d.get("tags"),list) or not all(isinstance(t,str) for t in d["tags"]): p(f,"tags")
    txt=(d.get("title","")+" "+d.get("source","")+" "+" ".join(d.get("tags",[]))).lower()
    for b in BANNED:
        if b in txt: p(f,f"verdict-like word '{b}' in title/source/tags")
    x=d.get("input",{})
    if set(x)-{"schema","infant","episode","findings","vitals","motion"}: p(f,f"input keys {set(x)}")
    if x.get("schema")!="tremorwatch.assessment/1": p(f,"schema")
    inf=x.get("infant")
    if not isinstance(inf,dict): p(f,"infant missing"); continue
    if set(inf)-INF: p(f,f"infant keys {set(inf)-INF}")
    a=inf.get("age_days")
    if not isinstance(a,int) or isinstance(a,bool) or not 0<=a<=1095: p(f,"age_days")
    if "gestational_age_weeks" in inf and not (isnum(inf["gestational_age_weeks"]) and 22<=inf["gestational_age_weeks"]<=44): p(f,"GA")
    if "birth_weight_g" in inf and not (isnum(inf["birth_weight_g"]) and 300<=inf["birth_weight_g"]<=7000): p(f,"bw")
    if "sex" in inf and inf["sex"] not in SEX: p(f,"sex")
    if "vitamin_k_at_birth" in inf and inf["vitamin_k_at_birth"] not in YN: p(f,"vitK")
    h=inf.get("history",[])
    if not isinstance(h,list) or set(h)-HIST: p(f,f"history {h}")
    e=x.get("episode",{})
    if not isinstance(e,dict) or set(e)-EPI: p(f,f"episode keys {set(e)-EPI}")
    for k in EYN:
        if k in e and e[k] not in YN: p(f,f"{k}={e[k]}")
    for k in NUM:
        if k in e and e[k] is not None and not (isnum(e[k]) and e[k]>=0): p(f,f"{k}")
    if "body_parts" in e and (not isinstance(e["body_parts"],list) or set(e["body_parts"])-BP): p(f,"body_parts")
    if "states" in e and (not isinstance(e["states"],list) or set(e["states"])-STATES): p(f,"states")
    if "speed" in e and e["speed"] not in SPEED: p(f,"speed")
    if "trend" in e and e["trend"] not in TREND: p(f,"trend")
    if e.get("minutes_so_far") is not None and e.get("happening_now")!="yes": p(f,"minutes_so_far without happening_now")
    if isnum(e.get("typical_duration_s")) and isnum(e.get("longest_duration_s")) and e["longest_duration_s"]<e["typical_duration_s"]: p(f,"longest<typical")
    fi=x.get("findings",[])
    if not isinstance(fi,list) or set(fi)-FIND or len(fi)!=len(set(fi)): p(f,f"findings {set(fi)-FIND}")
    v=x.get("vitals",{})
    for k,val in v.items():
        if k=="temperature_site":
            if val not in SITE: p(f,"site")
        elif k in VIT:
            if not (isnum(val) and VIT[k][0]<=val<=VIT[k][1]): p(f,f"vital {k}")
        else: p(f,f"vital key {k}")
    m=x.get("motion",{})
    for k,val in m.items():
        if k=="pattern":
            if val not in PAT: p(f,"pattern")
        elif k=="dominant_frequency_hz":
            if not (isnum(val) and 0<=val<=50): p(f,"hz")
        else: p(f,f"motion key {k}")
if len(files)!=60: P.append(f"expected 60 files, found {len(files)}")
for q in P: print(q)
print(f"{len(files)} files, {len(P)} problems")
sys.exit(1 if P else 0)
